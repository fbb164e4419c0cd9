"""The build machinery: staging and the atomic swap, the build state, sealed cache entries, forked work, progress."""
