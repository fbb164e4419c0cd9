"""tuyentruyen: a static-site generator for Party-resolution propaganda material."""

__version__ = "0.1.0"
