"""A synthetic corpus for the benchmark: N resolutions of realistic Vietnamese, half translated into Hmong.

Sentences are assembled from word lists (subjects, actions, objects, purposes,
places) with a seeded random generator, so the same N always gives the same
corpus. Each Vietnamese summary is about 600 words with the three sections;
every second resolution also has an hmn.md.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

# ------------------------------------------------------------------ word lists (Vietnamese)

SUBJECTS = [
    "Cấp ủy, chính quyền các cấp", "Mặt trận Tổ quốc và các đoàn thể", "Mỗi cán bộ, đảng viên",
    "Ủy ban nhân dân xã", "Chi bộ thôn, bản", "Hội Nông dân", "Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên",
    "Người đứng đầu cơ quan, đơn vị", "Ban Tuyên giáo", "Trung tâm Văn hóa - Thể thao và Truyền thông",
    "Các hợp tác xã", "Đội ngũ giáo viên", "Trạm y tế xã", "Lực lượng công an xã", "Người có uy tín trong cộng đồng",
]
ACTIONS = [
    "tập trung lãnh đạo, chỉ đạo", "đẩy mạnh tuyên truyền về", "nâng cao chất lượng", "tổ chức thực hiện tốt",
    "tăng cường kiểm tra, giám sát", "rà soát, hoàn thiện", "huy động mọi nguồn lực cho", "ưu tiên đầu tư cho",
    "phối hợp chặt chẽ trong", "chủ động xây dựng kế hoạch về", "đổi mới phương thức", "nhân rộng các mô hình về",
    "khắc phục hạn chế trong", "tháo gỡ khó khăn, vướng mắc về", "đưa vào nghị quyết chuyên đề việc",
]
OBJECTS = [
    "phát triển kinh tế nông nghiệp hàng hóa", "chuyển đổi số trong cơ quan nhà nước", "xây dựng nông thôn mới nâng cao",
    "bảo vệ và phát triển rừng đầu nguồn", "giảm nghèo bền vững ở vùng đồng bào dân tộc thiểu số",
    "cải cách thủ tục hành chính", "giữ gìn bản sắc văn hóa các dân tộc", "phòng, chống tham nhũng, tiêu cực",
    "quản lý, sử dụng đất đai", "chăm sóc sức khỏe ban đầu cho nhân dân", "phổ cập giáo dục và xóa mù chữ",
    "phát triển du lịch cộng đồng", "xây dựng hệ thống chính trị ở cơ sở vững mạnh", "thanh toán không dùng tiền mặt",
    "bảo đảm quốc phòng, an ninh trên địa bàn", "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "đào tạo nghề cho lao động nông thôn", "phòng, chống thiên tai, sạt lở đất", "sắp xếp dân cư vùng có nguy cơ",
]
PURPOSES = [
    "nhằm nâng cao đời sống vật chất và tinh thần của nhân dân", "để người dân được hưởng lợi trực tiếp",
    "góp phần giữ vững ổn định chính trị ở cơ sở", "bảo đảm đúng tiến độ và chất lượng đề ra",
    "tạo sự đồng thuận trong xã hội", "phù hợp với điều kiện thực tế của địa phương",
    "gắn với trách nhiệm của người đứng đầu", "theo hướng công khai, minh bạch", "từng bước thu hẹp khoảng cách giàu nghèo",
    "với lộ trình cụ thể cho từng năm", "lấy người dân làm trung tâm, làm chủ thể",
]
PLACES = [
    "ở các thôn, bản vùng cao", "trên địa bàn toàn huyện", "tại các xã đặc biệt khó khăn", "ở khu vực biên giới",
    "trong từng chi bộ", "tại các điểm trường", "ở các hộ gia đình", "trong các cơ quan, đơn vị", "ở cơ sở",
]
TARGETS = [
    "Phấn đấu đến năm {year}, {pct}% số hộ {goal}.", "Đến năm {year}, tỷ lệ {goal2} đạt trên {pct}%.",
    "Mỗi năm giảm {small}% tỷ lệ hộ nghèo; đến năm {year} cơ bản {goal3}.",
]
GOALS = ["có điện thoại thông minh", "dùng nước sạch hợp vệ sinh", "tham gia bảo hiểm y tế", "có việc làm ổn định"]
GOALS2 = ["hồ sơ giải quyết trực tuyến", "thôn, bản đạt chuẩn nông thôn mới", "độ che phủ rừng", "trẻ em đến trường đúng độ tuổi"]
GOALS3 = ["không còn nhà tạm, nhà dột nát", "hoàn thành các chỉ tiêu đề ra", "xóa xong hộ đói"]
NEW_OPENERS = ["Lần đầu tiên", "Khác với trước đây,", "Điểm mới là", "Nghị quyết bổ sung quy định", "Nay chuyển từ"]

KINDS = [("nghi-quyet", "NQ"), ("chi-thi", "CT"), ("ket-luan", "KL"), ("ke-hoach", "KH"), ("chuong-trinh", "CTr")]
LEVELS = [("trung-uong", "TW", "Bộ Chính trị"), ("tinh", "TU", "Tỉnh ủy Lai Châu"),
          ("huyen", "HU", "Huyện ủy Tam Đường"), ("xa", "ĐU", "Đảng ủy xã Bình Lư")]
TOPICS = {
    "nong-thon-moi": ("Nông thôn mới", "Lub zos tshiab"), "chuyen-doi-so": ("Chuyển đổi số", "Kev hloov mus siv digital"),
    "giam-ngheo": ("Giảm nghèo", "Txo kev txom nyem"), "dat-dai": ("Đất đai", "Av"),
    "xay-dung-dang": ("Xây dựng Đảng", "Tsim tog"), "giao-duc": ("Giáo dục", "Kev kawm ntawv"),
    "y-te": ("Y tế", "Kev kho mob"), "van-hoa": ("Văn hóa", "Kab lis kev cai"),
}

# ------------------------------------------------------------------ word lists (Hmong, RPA)

HMN_SUBJECTS = ["Cov tub ceev xwm", "Txhua tus tswv cuab Đảng", "Pawg thawj coj hauv zos", "Cov poj niam",
                "Cov hluas", "Cov xib fwb", "Txhua tsev neeg", "Cov neeg laus hauv zos"]
HMN_ACTIONS = ["yuav tsum pab", "tau kawm txog", "yuav tsum saib xyuas", "txhawb nqa", "qhia rau cov neeg txog",
               "npaj ua haujlwm rau"]
HMN_OBJECTS = ["kev cog qoob loo", "kev siv xov tooj ntse", "kev tiv thaiv hav zoov", "kev kawm ntawv ntawm cov menyuam",
               "kev kho mob hauv zos", "kev txo kev txom nyem", "kev khaws cia kab lis kev cai", "kev siv av kom raug"]
HMN_PURPOSES = ["kom lub neej zoo dua", "kom txhua tus neeg tau txais txiaj ntsig", "raws li txoj cai",
                "hauv txhua lub zos", "txhua xyoo"]

SECTIONS_VI = ("Nội dung cốt lõi", "Điểm mới", "Liên hệ vận dụng tại địa phương")
SECTIONS_HMN = ("Cov ntsiab lus tseem ceeb", "Cov ntsiab lus tshiab", "Kev siv hauv zos")

SITE_YAML = """\
title: Tài liệu tuyên truyền nghị quyết (bộ thử hiệu năng)
organisation: Trung tâm Văn hóa - Thể thao và Truyền thông huyện Tam Đường
base_url: https://example.gov.vn/tuyentruyen/
default_language: vi
languages:
  vi:
    name: Tiếng Việt
  hmn:
    name: Hmoob
    tag: hmn-Latn-VN
    fallback: source
    sections:
      key_points: "{0}"
      new_points: "{1}"
      local_application: "{2}"
topics:
{topics}
broadcast:
  station: Đài truyền thanh xã Bình Lư
"""


@dataclass(frozen=True)
class Entry:
    """One generated resolution, as the other tools' converters need it."""
    slug: str
    code: str
    issued: str                       # ISO date
    texts: dict[str, str]             # lang -> full Markdown with front matter (what we write)


def _sentence(rng: random.Random) -> str:
    return (f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}, "
            f"{rng.choice(PURPOSES)}.")


def _target(rng: random.Random) -> str:
    return rng.choice(TARGETS).format(year=rng.choice((2026, 2028, 2030)), pct=rng.randrange(50, 99),
                                      small=rng.choice(("1,5", "2", "3")), goal=rng.choice(GOALS),
                                      goal2=rng.choice(GOALS2), goal3=rng.choice(GOALS3))


def _point(rng: random.Random, kind: str) -> str:
    first = f"{rng.choice(NEW_OPENERS)} {rng.choice(OBJECTS)} {rng.choice(PURPOSES)}." if kind == "new" \
        else _sentence(rng)
    extra = _target(rng) if kind == "key" and rng.random() < 0.5 else _sentence(rng)
    if rng.random() < 0.3:
        first = "**" + first[:-1] + ":** " + extra
    else:
        first = f"{first} {extra}"
    return "- " + first


def _hmn_sentence(rng: random.Random) -> str:
    return (f"{rng.choice(HMN_SUBJECTS)} {rng.choice(HMN_ACTIONS)} {rng.choice(HMN_OBJECTS)} "
            f"{rng.choice(HMN_PURPOSES)}.")


def vietnamese(rng: random.Random, title: str) -> str:
    lead = _sentence(rng)
    key = "\n".join(_point(rng, "key") for _ in range(4))
    new = "\n".join(_point(rng, "new") for _ in range(3))
    local = "\n".join(_point(rng, "local") for _ in range(3))
    return (f"---\ntitle: {title}\nsummary: {_sentence(rng)}\n---\n\n{lead}\n\n"
            f"## {SECTIONS_VI[0]}\n\n{key}\n\n## {SECTIONS_VI[1]}\n\n{new}\n\n## {SECTIONS_VI[2]}\n\n{local}\n")


def hmong(rng: random.Random, code: str) -> str:
    body = ["\n".join("- " + _hmn_sentence(rng) + " " + _hmn_sentence(rng) for _ in range(n)) for n in (4, 3, 3)]
    return (f"---\ntitle: {code} txog {rng.choice(HMN_OBJECTS)}\nsummary: {_hmn_sentence(rng)}\n---\n\n"
            f"{_hmn_sentence(rng)} {_hmn_sentence(rng)}\n\n"
            + "\n\n".join(f"## {head}\n\n{points}" for head, points in zip(SECTIONS_HMN, body)) + "\n")


def generate(folder: Path, n: int, seed: int = 57) -> list[Entry]:
    """Write site.yaml and N resolution folders into `folder` (created); return what was written."""
    rng = random.Random(seed)
    resolutions = folder / "resolutions"
    resolutions.mkdir(parents=True, exist_ok=True)
    topics = "\n".join(f"  {slug}: {{vi: {vi}, hmn: \"{hm}\"}}" for slug, (vi, hm) in TOPICS.items())
    (folder / "site.yaml").write_text(SITE_YAML.format(*SECTIONS_HMN, topics=topics), encoding="utf-8")
    entries = []
    for index in range(n):
        kind, kind_abbr = rng.choice(KINDS)
        level, level_abbr, issuer = rng.choice(LEVELS)
        number = index + 1
        code = f"{number}-{kind_abbr}/{level_abbr}"
        year, month, day = rng.randrange(2012, 2026), rng.randrange(1, 13), rng.randrange(1, 29)
        slug = f"{kind_abbr.lower()}-{number}-{level_abbr.lower().replace('đ', 'd')}"
        topic_slugs = rng.sample(sorted(TOPICS), 2)
        title = f"{_kind_title(kind)} số {code} của {issuer} về {rng.choice(OBJECTS)}"
        texts = {"vi": vietnamese(rng, title)}
        if index % 2 == 0:
            texts["hmn"] = hmong(rng, code)
        target = resolutions / slug
        target.mkdir(exist_ok=True)
        (target / "resolution.yaml").write_text(
            f"code: {code}\nkind: {kind}\nlevel: {level}\nissuer: {issuer}\n"
            f"issued: {year}-{month:02d}-{day:02d}\ntopics: [{', '.join(topic_slugs)}]\n", encoding="utf-8")
        for lang, text in texts.items():
            (target / f"{lang}.md").write_text(text, encoding="utf-8")
        entries.append(Entry(slug, code, f"{year}-{month:02d}-{day:02d}", texts))
    return entries


def _kind_title(kind: str) -> str:
    return {"nghi-quyet": "Nghị quyết", "chi-thi": "Chỉ thị", "ket-luan": "Kết luận", "ke-hoach": "Kế hoạch",
            "chuong-trinh": "Chương trình"}[kind]


def word_count(markdown: str) -> int:
    """Words of a summary's body and front matter values (markup stripped roughly)."""
    return len([w for w in markdown.replace("**", " ").replace("#", " ").split() if w not in ("-", "---")])
