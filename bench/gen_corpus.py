#!/usr/bin/env python3
"""Writes a synthetic, deterministic danvan site and its Hugo and Zola twins.

    python3 bench/gen_corpus.py --docs N --stories N --out DIR [--hugo HUGODIR]
                                [--zola ZOLADIR] [--seed S] [--shortcodes]

DIR gets a danvan site folder (`DIR/content/...`): N documents and N stories,
each in Vietnamese and English (`x.vi.md` + `x.en.md`), spread over ten years
(2016-2025), a few free pages, the home page text, site.yaml and one progress
file per year. About one document in ten is a bundle with a PDF attachment.
Documents and stories link to each other with `@/documents/<year>/<slug>.md`
and `@/stories/<slug>.md`.

HUGODIR, when given, gets the same pages as a Hugo site: the same Markdown
bodies, YAML front matter (document `type` is reserved by Hugo and becomes
`doctype`; taxonomies for the archive listings), `hugo.yaml`, the progress
files as data files and a minimal set of layouts doing about the work the
danvan theme does: one page per content page, list pages, taxonomy pages,
sitemap, RSS, `@/...` links resolved by a render hook (an unknown target is a
build error, as in danvan).

ZOLADIR, when given, gets the same pages as a Zola site (>= 0.19): `x.md`
for Vietnamese (the default language) and `x.en.md`, one `_index.md` per
section (the year folders are transparent sections), the danvan front matter
under `extra` and the same taxonomies as the Hugo twin, `@/...` links
pointing at the file of the page's own language (Zola checks them and fails
on a missing target), listings and taxonomy pages of 50 items a page as
danvan's (the Hugo twin does not paginate), Atom feeds, sitemap and a Fuse JSON search index for
both languages (Zola's elasticlunr index has no Vietnamese), the progress
files as data read with `load_data` by a `progress` shortcode.

`--shortcodes` adds `{{ progress(id="<file>/<target>") }}` lines to the
yearly plans and reports (`{{< progress id="..." >}}` in the Hugo twin). It
is off by default.

The same arguments always give byte-identical output (fixed seed, no clock).
Python 3 standard library only. A folder the script wrote before (it leaves a
`.gen_corpus` marker in it) is wiped and written again; any other non-empty
folder is refused.
"""

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import sys
import unicodedata

YEARS = list(range(2016, 2026))
MARKER = ".gen_corpus"

# --------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------


def ascii_fold(text):
    """'Đoàn viên' -> 'Doan vien' (đ is not decomposable: mapped by hand)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    nfd = unicodedata.normalize("NFD", text)
    return "".join(c for c in nfd if not unicodedata.combining(c))


def slugify(text, words=None):
    out = []
    word = []
    for c in ascii_fold(text).lower():
        if c.isascii() and c.isalnum():
            word.append(c)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    if words:
        out = out[:words]
    return "-".join(out)


def q(s):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def roman(n):
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][n - 1]


EN_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]


def date_vi_short(d):
    y, m, day = d
    return f"{day:02d}/{m:02d}/{y}"


def date_en(d):
    y, m, day = d
    return f"{day} {EN_MONTHS[m - 1]} {y}"


def iso(d):
    y, m, day = d
    return f"{y:04d}-{m:02d}-{day:02d}"


def fmt_vi_num(x):
    """1234.5 -> '1.234,5' (the way Vietnamese writes numbers)."""
    if isinstance(x, float):
        whole, frac = f"{x:.1f}".split(".")
    else:
        whole, frac = str(x), None
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    s = ".".join(groups)
    return s + ("," + frac if frac else "")


def fmt_en_num(x):
    if isinstance(x, float):
        return f"{x:,.1f}"
    return f"{x:,}"


# --------------------------------------------------------------------------
# Vocabulary: places, units, people, topics (Vietnamese, English)
# --------------------------------------------------------------------------

COMMUNES = [
    "Mường So", "Dào San", "Bản Lang", "Khổng Lào", "Sì Lở Lầu", "Ma Li Pho",
    "Hoang Thèn", "Mồ Sì San", "Pa Vây Sử", "Vàng Ma Chải", "Tung Qua Lìn",
    "Mù Sang", "Huổi Luông", "Lản Nhì Thàng", "Sin Suối Hồ", "Nậm Xe",
    "Ma Ly Chải", "Thị trấn Phong Thổ",
]

UNIT_KINDS = [
    ("Trường Mầm non {p}", "{p} Kindergarten"),
    ("Trường Tiểu học {p}", "{p} Primary School"),
    ("Trường THCS {p}", "{p} Lower Secondary School"),
    ("Trường PTDTBT Tiểu học {p}", "{p} Ethnic Boarding Primary School"),
    ("Trạm Y tế xã {p}", "{p} Commune Health Station"),
    ("xã {p}", "{p} Commune"),
    ("Hợp tác xã nông nghiệp {p}", "{p} Agricultural Cooperative"),
    ("Đồn Biên phòng {p}", "{p} Border Guard Station"),
]

CENTRAL_UNITS = [
    ("Trung tâm Y tế huyện Phong Thổ", "Phong Tho District Health Centre"),
    ("Phòng Giáo dục và Đào tạo huyện", "District Office of Education and Training"),
    ("Ngân hàng Chính sách xã hội huyện", "District Bank for Social Policies"),
    ("Công ty TNHH Thủy điện Nậm Na", "Nam Na Hydropower Company Ltd."),
    ("Bưu điện huyện Phong Thổ", "Phong Tho District Post Office"),
    ("Điện lực Phong Thổ", "Phong Tho Power Company"),
    ("Trường THPT Phong Thổ", "Phong Tho Upper Secondary School"),
    ("Cơ quan Ủy ban nhân dân huyện", "District People's Committee Office"),
]

DISTRICTS = [
    ("Phong Thổ", "Phong Tho"), ("Sìn Hồ", "Sin Ho"), ("Tam Đường", "Tam Duong"),
    ("Mường Tè", "Muong Te"), ("Than Uyên", "Than Uyen"), ("Tân Uyên", "Tan Uyen"),
    ("Nậm Nhùn", "Nam Nhun"),
]

FAMILY = ["Nguyễn", "Lò", "Vàng", "Tẩn", "Phàn", "Hoàng", "Lê", "Trần", "Đỗ", "Giàng", "Lý", "Vân"]
MIDDLE_M = ["Văn", "A", "Đức", "Minh", "Quang"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Mai", "Thị Hồng"]
GIVEN_M = ["Kiều", "Thắng", "Sử", "Chẩn", "Dũng", "Hùng", "Pử", "Long", "Tuấn", "Sơn"]
GIVEN_F = ["Hà", "Mẩy", "Lan", "Hương", "Dung", "Chi", "Xuân", "Hằng"]

POSITIONS = [
    ("Chủ tịch", "President", "TM. Ban Thường vụ", "On behalf of the Standing Committee"),
    ("Phó Chủ tịch", "Vice-President", "KT. Chủ tịch", "For the President"),
    ("Chánh Văn phòng", "Chief of Office", "TL. Ban Thường vụ", "By order of the Standing Committee"),
]

RECIPIENTS = [
    ("Thường trực LĐLĐ tỉnh (để báo cáo)", "Standing Board, Provincial Labour Federation (for reporting)"),
    ("Thường trực Huyện ủy (để báo cáo)", "Standing Board, District Party Committee (for reporting)"),
    ("Ban Dân vận Huyện ủy", "Mass Mobilisation Commission of the District Party Committee"),
    ("Ban Tuyên giáo - Nữ công LĐLĐ tỉnh", "Propaganda and Women's Affairs Department, Provincial Labour Federation"),
    ("Ủy ban MTTQ Việt Nam huyện", "District Committee of the Vietnam Fatherland Front"),
    ("Các Công đoàn cơ sở trực thuộc", "All affiliated grassroots trade unions"),
    ("Các đồng chí Ủy viên Ban Chấp hành", "Members of the Executive Committee"),
]

# slug, official abbreviation (None: công văn), vi name, en name
DOC_TYPES = [
    ("ke-hoach", "KH", "Kế hoạch", "Plan"),
    ("bao-cao", "BC", "Báo cáo", "Report"),
    ("nghi-quyet", "NQ", "Nghị quyết", "Resolution"),
    ("quyet-dinh", "QĐ", "Quyết định", "Decision"),
    ("chi-thi", "CT", "Chỉ thị", "Directive"),
    ("huong-dan", "HD", "Hướng dẫn", "Guidance"),
    ("thong-bao", "TB", "Thông báo", "Notice"),
    ("chuong-trinh", "CTr", "Chương trình", "Programme"),
    ("quy-che", "QC", "Quy chế", "Regulation"),
    ("quy-dinh", "QyĐ", "Quy định", "Rules"),
    ("to-trinh", "TTr", "Tờ trình", "Submission"),
    ("bien-ban", "BB", "Biên bản", "Minutes"),
    ("cong-van", None, "Công văn", "Official letter"),
    ("giay-moi", "GM", "Giấy mời", "Invitation"),
    ("other", None, "Văn bản", "Document"),
]
# How often each type occurs (plans and reports dominate an office's output).
DOC_TYPE_WEIGHTS = [18, 20, 4, 10, 2, 6, 10, 4, 2, 2, 3, 4, 10, 4, 1]

TOPICS = [
    ("công tác dân vận của tổ chức Công đoàn", "the trade unions' mass mobilisation work"),
    ("phong trào thi đua “Dân vận khéo”", "the “Skilful Mass Mobilisation” emulation movement"),
    ("phát triển đoàn viên, thành lập Công đoàn cơ sở", "recruiting members and founding grassroots unions"),
    ("thực hiện quy chế dân chủ ở cơ sở", "applying grassroots democracy regulations"),
    ("tổ chức Tháng Công nhân", "Workers' Month"),
    ("chăm lo Tết cho đoàn viên, người lao động", "Tet support for members and workers"),
    ("Tháng hành động về an toàn, vệ sinh lao động", "the Occupational Safety and Health Action Month"),
    ("tuyên truyền, phổ biến giáo dục pháp luật", "legal education and awareness"),
    ("xây dựng nông thôn mới, đô thị văn minh", "building new-style rural areas and civilised towns"),
    ("giảm nghèo bền vững vùng đồng bào dân tộc thiểu số", "sustainable poverty reduction among ethnic minorities"),
    ("công tác nữ công và bình đẳng giới", "women's affairs and gender equality"),
    ("vận động ủng hộ Quỹ Xã hội Công đoàn", "the Trade Union Social Fund drive"),
    ("học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "studying and following Ho Chi Minh's thought, ethics and style"),
    ("giám sát, phản biện xã hội", "social supervision and critique"),
    ("đối thoại định kỳ tại nơi làm việc", "regular workplace dialogue"),
    ("kiểm tra, giám sát tài chính công đoàn", "inspecting trade union finances"),
]

MODELS = [
    ("Bữa cơm công đoàn", "Union Lunch", "van-hoa-xa-hoi"),
    ("Tổ đoàn viên giúp bản giữ rừng", "Members Helping Villages Guard the Forest", "quoc-phong-an-ninh"),
    ("Mỗi đoàn viên một cây ăn quả", "A Fruit Tree for Every Member", "kinh-te"),
    ("Sách cũ cho em vùng cao", "Old Books for Highland Children", "van-hoa-xa-hoi"),
    ("Hòm thư góp ý và đối thoại", "Suggestion Box and Dialogue", "xay-dung-he-thong-chinh-tri"),
    ("Đoàn viên giúp nhau phát triển kinh tế", "Members Helping Each Other Earn a Living", "kinh-te"),
    ("Giữ bình yên bản biên giới", "Keeping the Border Villages Safe", "quoc-phong-an-ninh"),
    ("Mái ấm công đoàn", "Trade Union Homes", "van-hoa-xa-hoi"),
    ("Vườn rau sạch bán trú", "Boarding School Vegetable Garden", "kinh-te"),
    ("Nồi cháo yêu thương", "Porridge of Kindness", "van-hoa-xa-hoi"),
    ("Ngày thứ Bảy cùng dân", "Saturdays with the People", "xay-dung-he-thong-chinh-tri"),
    ("Điểm đọc sách cho công nhân", "Reading Corner for Workers", "van-hoa-xa-hoi"),
    ("Tiết kiệm xoay vòng không lãi", "Interest-free Rotating Savings", "kinh-te"),
    ("Cán bộ y tế bám bản", "Health Workers Staying in the Villages", "van-hoa-xa-hoi"),
    ("Áo ấm cho em", "Warm Clothes for Children", "van-hoa-xa-hoi"),
    ("Con đường bê tông nông thôn", "Concrete Village Roads", "kinh-te"),
    ("Phiên chợ nghĩa tình", "The Caring Market", "van-hoa-xa-hoi"),
    ("Một cửa thân thiện", "Friendly One-stop Shop", "xay-dung-he-thong-chinh-tri"),
    ("Tổ hòa giải ở khu dân cư", "Neighbourhood Mediation Team", "quoc-phong-an-ninh"),
    ("Sân chơi cho trẻ em vùng cao", "Playgrounds for Highland Children", "van-hoa-xa-hoi"),
    ("Nuôi lợn đen bản địa theo chuỗi", "Native Black Pigs in a Value Chain", "kinh-te"),
    ("Đoàn viên tự quản đường biên, cột mốc", "Members Looking After the Border Markers", "quoc-phong-an-ninh"),
    ("Dân vận trong cải cách hành chính", "Mass Mobilisation in Administrative Reform", "xay-dung-he-thong-chinh-tri"),
    ("Góc chia sẻ 0 đồng", "The Free Sharing Corner", "van-hoa-xa-hoi"),
]

RESULT_LABELS = [
    ("Đoàn viên tham gia", "Members taking part"),
    ("Hộ gia đình được hỗ trợ", "Households supported"),
    ("Học sinh được nhận quà", "Pupils receiving gifts"),
    ("Ngày công lao động", "Working days given"),
    ("Quỹ chung (triệu đồng)", "Shared fund (million dong)"),
    ("Kiến nghị được giải quyết", "Requests settled"),
    ("Cây giống được trồng", "Seedlings planted"),
    ("Mét đường được bê tông hóa", "Metres of road concreted"),
]

TAGS = [
    ("dân vận", "mass mobilisation"), ("dân vận khéo", "skilful mass mobilisation"),
    ("công đoàn cơ sở", "grassroots unions"), ("đoàn viên", "members"),
    ("thi đua", "emulation"), ("dân chủ cơ sở", "grassroots democracy"),
    ("giáo dục", "education"), ("y tế", "health"), ("biên giới", "border"),
]

# Progress targets of a yearly plan: id, vi, en, measure, comparator, target, unit
TARGETS = [
    ("cdcs-cu-the-hoa-ke-hoach", "CĐCS cụ thể hóa kế hoạch công tác dân vận",
     "Grassroots unions adapting the plan", "percent", "at-least", 100, None),
    ("ket-nap-doan-vien", "Kết nạp đoàn viên công đoàn", "New union members admitted",
     "count", "at-least", 50, ("đoàn viên", "members")),
    ("thanh-lap-cdcs", "Thành lập CĐCS doanh nghiệp ngoài khu vực nhà nước",
     "Grassroots unions founded in non-state enterprises", "count", "at-least", 2, ("CĐCS", "grassroots unions")),
    ("ban-hanh-qcdc", "Đơn vị ban hành QCDC và tổ chức hội nghị",
     "Units with democracy regulations and an annual conference", "percent", "at-least", 100, None),
    ("cdcs-hoan-thanh-tot", "CĐCS xếp loại hoàn thành tốt nhiệm vụ",
     "Grassroots unions rated good", "percent", "more-than", 85, None),
    ("can-bo-tap-huan", "Cán bộ CĐCS được tập huấn nghiệp vụ",
     "Grassroots union officers trained", "percent", "more-than", 85, None),
    ("gioi-thieu-dang-vien", "Giới thiệu đoàn viên ưu tú cho Đảng",
     "Outstanding members recommended to the Party", "count", "at-least", 90, ("đoàn viên", "members")),
    ("dai-hoi-hoan-thanh", "Tổ chức xong hội nghị tổng kết năm",
     "Annual review conference held", "done", "exactly", 1, None),
]

# --------------------------------------------------------------------------
# Sentences, in pairs (vi, en), with slots filled from a context.
# --------------------------------------------------------------------------

SENTENCES = [
    ("Các cấp Công đoàn trong huyện đã quán triệt sâu rộng các nghị quyết, chỉ thị của Đảng về công tác dân vận đến {n} đoàn viên, người lao động.",
     "Trade unions at every level in the district explained the Party's resolutions and directives on mass mobilisation to {n} members and workers."),
    ("Ban Thường vụ LĐLĐ huyện thường xuyên phối hợp với Ủy ban MTTQ Việt Nam huyện và các đoàn thể chính trị - xã hội tổ chức các hoạt động hướng về cơ sở.",
     "The Standing Committee of the District Federation regularly worked with the District Fatherland Front and the other mass organisations on activities at the grassroots."),
    ("Công đoàn cơ sở {unit} đã chủ động đề xuất với thủ trưởng đơn vị nhiều giải pháp thiết thực, được đoàn viên đồng tình, ủng hộ.",
     "The grassroots union of {unit_en} took the initiative in proposing practical measures to the head of the unit, which members welcomed and supported."),
    ("Tính đến ngày {date}, toàn huyện có {n} đoàn viên sinh hoạt tại {m} Công đoàn cơ sở, tăng {k} đoàn viên so với cùng kỳ năm trước.",
     "As of {date_en}, the district had {n_en} members in {m} grassroots unions, {k} more than a year earlier."),
    ("Phương châm “Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng” tiếp tục được thực hiện nghiêm túc ở {place}.",
     "The motto “the people know, discuss, act, inspect, supervise and benefit” continued to be applied in earnest in {place_en}."),
    ("Đội ngũ cán bộ công đoàn gần gũi, lắng nghe và kịp thời giải quyết những kiến nghị chính đáng về việc làm, thu nhập của người lao động.",
     "Union officers stayed close to workers, listened to them and settled their legitimate requests about jobs and income without delay."),
    ("Tỷ lệ Công đoàn cơ sở xếp loại hoàn thành tốt nhiệm vụ đạt {pct}%, trong đó {k} đơn vị hoàn thành xuất sắc nhiệm vụ.",
     "{pct_en}% of grassroots unions were rated good, {k} of them excellent."),
    ("Trong năm {year}, các CĐCS đã vận động đoàn viên đóng góp {money} triệu đồng ủng hộ Quỹ “Xã hội Công đoàn tỉnh” và các đợt cứu trợ thiên tai.",
     "In {year} grassroots unions raised {money_en} million dong from members for the Provincial Trade Union Social Fund and for disaster relief."),
    ("Một số đơn vị còn lúng túng trong việc xây dựng mô hình, cách làm chưa sáng tạo, chưa gắn với nhiệm vụ chính trị của cơ quan.",
     "Some units still found it hard to design a model; their approach lacked creativity and was not tied to the unit's own tasks."),
    ("Việc tổ chức hội nghị cán bộ, công chức, viên chức và hội nghị người lao động được thực hiện đúng quy định tại {m} cơ quan, đơn vị, doanh nghiệp.",
     "Conferences of civil servants and of workers were held according to the rules in {m} agencies, units and enterprises."),
    ("Công đoàn đã phối hợp với già làng, trưởng bản, người có uy tín vận động bà con không nghe theo kẻ xấu, giữ gìn an ninh trật tự ở khu vực biên giới.",
     "The union worked with village elders, village heads and respected figures to persuade people not to listen to troublemakers and to keep order in the border area."),
    ("Phong trào thi đua “Lao động giỏi, lao động sáng tạo” thu hút {n} lượt đoàn viên tham gia với {k} sáng kiến được công nhận.",
     "The “Good work, creative work” movement drew {n_en} members, with {k} initiatives recognised."),
    ("Đoàn viên nữ tích cực hưởng ứng phong trào “Giỏi việc nước, đảm việc nhà”, nhiều chị em được các cấp khen thưởng.",
     "Women members took an active part in the “Good at work, good at home” movement, and many were commended."),
    ("Nhân dịp Tết Nguyên đán, LĐLĐ huyện đã trao {k} suất quà cho đoàn viên có hoàn cảnh khó khăn với tổng trị giá {money} triệu đồng.",
     "For the Lunar New Year, the District Federation gave {k} gift packages worth {money_en} million dong in total to members in hardship."),
    ("Các CĐCS khối giáo dục duy trì mô hình hỗ trợ học sinh bán trú, góp phần giữ vững tỷ lệ chuyên cần trên {pct}%.",
     "Grassroots unions in schools kept up their support for boarding pupils, helping to keep attendance above {pct_en}%."),
    ("Công tác kiểm tra, giám sát được tiến hành thường xuyên; qua kiểm tra tại {m} đơn vị, không phát hiện sai phạm về tài chính công đoàn.",
     "Inspection and supervision were carried out regularly; checks at {m} units found no irregularities in union finances."),
    ("LĐLĐ huyện đã tổ chức {k} lớp tập huấn nghiệp vụ cho {n} lượt cán bộ công đoàn cơ sở trên địa bàn.",
     "The District Federation ran {k} training courses for {n_en} grassroots union officers."),
    ("Nhiều mô hình hay, cách làm sáng tạo được nhân rộng, tạo sức lan tỏa trong đoàn viên và nhân dân các dân tộc ở {place}.",
     "Many good models and creative approaches were taken up elsewhere and reached members and people of every ethnic group in {place_en}."),
    ("Công đoàn tham gia cùng chính quyền đối thoại với người lao động tại {m} doanh nghiệp, giải quyết dứt điểm {k} kiến nghị.",
     "The union joined the authorities in dialogue with workers at {m} enterprises and fully settled {k} requests."),
    ("Ở một số nơi, việc nắm bắt tâm tư, nguyện vọng của đoàn viên chưa kịp thời; thông tin báo cáo về LĐLĐ huyện còn chậm.",
     "In some places members' concerns were not picked up in time, and reports reached the District Federation late."),
    ("Đề nghị các CĐCS gửi báo cáo về Văn phòng LĐLĐ huyện trước ngày {date} để tổng hợp, báo cáo cấp trên.",
     "Grassroots unions are asked to send their reports to the Office of the District Federation by {date_en} so that they can be compiled for higher levels."),
    ("Kinh phí thực hiện được bố trí từ nguồn tài chính công đoàn và nguồn xã hội hóa theo quy định.",
     "Funding comes from trade union finances and from voluntary contributions, as the rules allow."),
]

ITEMS = [
    ("tuyên truyền, quán triệt các văn bản của cấp trên đến toàn thể đoàn viên;",
     "explain the documents of the higher levels to all members;"),
    ("đăng ký ít nhất một mô hình “Dân vận khéo” phù hợp với thực tế đơn vị;",
     "register at least one “Skilful Mass Mobilisation” model suited to the unit;"),
    ("phối hợp với chuyên môn tổ chức hội nghị người lao động đúng thời gian quy định;",
     "hold the workers' conference on time together with the management;"),
    ("thăm hỏi, hỗ trợ đoàn viên ốm đau, gặp khó khăn đột xuất;",
     "visit and support members who are ill or suddenly in difficulty;"),
    ("giới thiệu đoàn viên ưu tú cho tổ chức Đảng xem xét, kết nạp;",
     "recommend outstanding members to the Party for admission;"),
    ("tham gia xây dựng nông thôn mới tại nơi cư trú;",
     "help build the new-style countryside where members live;"),
    ("kiểm tra việc thực hiện chế độ, chính sách đối với người lao động;",
     "check that workers receive their due entitlements;"),
    ("báo cáo kết quả về LĐLĐ huyện theo định kỳ 6 tháng và cả năm;",
     "report results to the District Federation every six months and at the end of the year;"),
    ("vận động đoàn viên tham gia bảo vệ rừng, phòng chống cháy rừng;",
     "persuade members to protect the forest and prevent forest fires;"),
    ("duy trì hòm thư góp ý và lịch tiếp đoàn viên hằng tháng.",
     "keep the suggestion box and a monthly day for meeting members."),
]

SECTIONS = {
    "ke-hoach": [("Mục đích, yêu cầu", "Purpose and requirements", "numbered"),
                 ("Mục tiêu cụ thể", "Specific targets", "targets"),
                 ("Nhiệm vụ và giải pháp", "Tasks and measures", "subsections"),
                 ("Tổ chức thực hiện", "Implementation", "schedule")],
    "bao-cao": [("Đặc điểm tình hình", "Background", "paragraphs"),
                ("Kết quả thực hiện", "Results", "results"),
                ("Tồn tại, hạn chế và nguyên nhân", "Shortcomings and their causes", "bullets"),
                ("Phương hướng, nhiệm vụ thời gian tới", "Tasks ahead", "numbered")],
    "quyet-dinh": [("Điều 1.", "Article 1.", "paragraphs"),
                   ("Điều 2.", "Article 2.", "paragraphs"),
                   ("Điều 3.", "Article 3.", "paragraphs")],
    "thong-bao": [("Nội dung", "Content", "paragraphs"),
                  ("Thời gian, địa điểm", "Time and place", "schedule")],
    "huong-dan": [("Đối tượng, phạm vi", "Scope", "paragraphs"),
                  ("Nội dung hướng dẫn", "Guidance", "subsections"),
                  ("Tổ chức thực hiện", "Implementation", "bullets")],
}
DEFAULT_SECTIONS = [("Nội dung chính", "Main points", "paragraphs"),
                    ("Nhiệm vụ cụ thể", "Specific tasks", "bullets"),
                    ("Tổ chức thực hiện", "Implementation", "numbered")]

SUBSECTIONS = [
    ("Đổi mới nội dung, phương thức hoạt động Công đoàn", "Renewing how the unions work"),
    ("Đẩy mạnh dân vận chính quyền", "Strengthening mass mobilisation by the authorities"),
    ("Chăm lo đời sống đoàn viên, người lao động", "Caring for members and workers"),
    ("Đẩy mạnh phong trào thi đua “Dân vận khéo”", "Promoting the “Skilful Mass Mobilisation” movement"),
    ("Tham gia xây dựng Đảng, chính quyền vững mạnh", "Helping build a strong Party and government"),
]


# --------------------------------------------------------------------------
# The model of the corpus: plain records, generated first so that bodies can
# link to any page.
# --------------------------------------------------------------------------


class Ctx:
    """Slot values for one sentence, in both languages."""

    def __init__(self, rng, year, place, unit):
        n = rng.randrange(120, 2400)
        money = round(rng.uniform(8, 450), 1)
        pct = round(rng.uniform(80, 99.5), 1)
        d = (year, rng.randrange(1, 13), rng.randrange(1, 29))
        self.vals = {
            "n": fmt_vi_num(n), "n_en": fmt_en_num(n),
            "m": rng.randrange(8, 60), "k": rng.randrange(2, 40),
            "pct": fmt_vi_num(pct), "pct_en": fmt_en_num(pct),
            "money": fmt_vi_num(money), "money_en": fmt_en_num(money),
            "year": year, "date": date_vi_short(d), "date_en": date_en(d),
            "place": place[0], "place_en": place[1],
            "unit": unit[0], "unit_en": unit[1],
        }

    def fill(self, pair):
        return pair[0].format(**self.vals), pair[1].format(**self.vals)


def make_units():
    units = []
    for kind_vi, kind_en in UNIT_KINDS:
        for c in COMMUNES:
            if c.startswith("Thị trấn") and kind_vi.startswith("xã"):
                continue
            units.append((kind_vi.format(p=c), kind_en.format(p=ascii_fold(c))))
    units.extend(CENTRAL_UNITS)
    return units


def person(rng):
    family = rng.choice(FAMILY)
    if rng.random() < 0.6:
        return f"{family} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{family} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


def random_date(rng, year):
    return (year, rng.randrange(1, 13), rng.randrange(1, 29))


def make_documents(rng, n):
    units = make_units()
    docs = []
    counters = {}
    type_slugs = [t[0] for t in DOC_TYPES]
    by_slug = {t[0]: t for t in DOC_TYPES}
    signers = {d: (person(rng), person(rng)) for d in DISTRICTS}
    for i in range(n):
        year = YEARS[i % len(YEARS)]
        # The first document of each year is that year's mass mobilisation
        # plan, which sets the targets of the year's progress file.
        is_plan = i < len(YEARS)
        tslug = "ke-hoach" if is_plan else rng.choices(type_slugs, DOC_TYPE_WEIGHTS)[0]
        _, abbr, tname_vi, tname_en = by_slug[tslug]
        # Most documents come from the district federation; some from the
        # other districts of the province and from the province itself.
        r = rng.random()
        if is_plan or r < 0.6:
            district = DISTRICTS[0]
        elif r < 0.9:
            district = rng.choice(DISTRICTS[1:])
        else:
            district = None
        if district:
            issuer = (f"Liên đoàn Lao động huyện {district[0]}", f"{district[1]} District Labour Federation")
            parent = ("Liên đoàn Lao động tỉnh Lai Châu", "Lai Chau Provincial Labour Federation")
            place = district
            org = "LĐLĐ"
        else:
            issuer = ("Liên đoàn Lao động tỉnh Lai Châu", "Lai Chau Provincial Labour Federation")
            parent = ("Tổng Liên đoàn Lao động Việt Nam", "Vietnam General Confederation of Labour")
            place = ("Lai Châu", "Lai Chau")
            org = "LĐLĐ"
        key = (year, tslug)
        counters[key] = counters.get(key, 0) + 1
        seq = counters[key] + (0 if tslug == "ke-hoach" else rng.randrange(0, 3))
        counters[key] = seq
        if abbr:
            number = f"{seq:02d}/{abbr}-{org}"
        else:
            number = f"{seq * 7 + 100}/{org}-VP"
        topic = TOPICS[0] if is_plan else rng.choice(TOPICS)
        if tslug == "bao-cao":
            kind = rng.choice([("sơ kết 6 tháng", "Six-month review of"), ("tổng kết", "Annual review of")])
            title_vi = f"Báo cáo {kind[0]} {topic[0]} năm {year}"
            title_en = f"{kind[1]} {topic[1]} in {year}"
        elif tslug == "giay-moi":
            title_vi = f"Giấy mời dự hội nghị về {topic[0]}"
            title_en = f"Invitation to the meeting on {topic[1]}"
        elif tslug == "cong-van":
            title_vi = f"Về việc triển khai {topic[0]}"
            title_en = f"On carrying out {topic[1]}"
        else:
            title_vi = f"{tname_vi} {topic[0]} năm {year}"
            title_en = f"{tname_en}: {topic[1]}, {year}"
        abbr_slug = slugify(abbr) if abbr else {"cong-van": "cv", "other": "vb"}[tslug]
        slug = f"{abbr_slug}-{i:05d}-{slugify(topic[0], 4)}"
        pos = rng.choice(POSITIONS)
        signer_name = signers[district or DISTRICTS[0]][0 if pos[0] == "Chủ tịch" else 1]
        if tslug in ("ke-hoach", "chuong-trinh") and year < YEARS[-1]:
            status = "expired"
        elif tslug in ("quy-che", "quy-dinh") and rng.random() < 0.5:
            status = "superseded"
        else:
            status = "in-force"
        recipients = rng.sample(RECIPIENTS, rng.randrange(2, 5)) + [("Lưu VT", "Archive")]
        bundle = (not is_plan) and rng.random() < 0.1
        attachment = ascii_fold(number).replace("/", "-") + ".pdf" if bundle else None
        docs.append({
            "i": i, "year": year, "slug": slug, "type": tslug, "number": number,
            "title": (title_vi, title_en), "topic": topic,
            "summary": (f"{title_vi} của {issuer[0]}.", f"{title_en}, issued by the {issuer[1]}."),
            "issuer": issuer, "parent": parent, "place": place,
            "date": (year, 1, rng.randrange(5, 29)) if is_plan else random_date(rng, year),
            "signer": (signer_name, pos), "recipients": recipients, "status": status,
            "plan": is_plan, "attachment": attachment,
            "tags": rng.sample(TAGS, 2),
            "unit": rng.choice(units),
        })
    return docs


def make_stories(rng, n):
    units = make_units()
    stories = []
    for i in range(n):
        model = rng.choice(MODELS)
        unit = rng.choice(units)
        year = YEARS[(i * 7 + 3) % len(YEARS)]
        results = []
        for label in rng.sample(RESULT_LABELS, rng.randrange(2, 5)):
            value = round(rng.uniform(5, 300), 1) if "triệu" in label[0] else rng.randrange(3, 900)
            results.append((label, value))
        stories.append({
            "i": i, "year": year, "slug": f"{slugify(model[0])}-{i:05d}",
            "model": model, "unit": unit, "field": model[2],
            "recognition": rng.choices(["co-so", "huyen", "tinh", "trung-uong"], [40, 35, 20, 5])[0],
            "date": random_date(rng, year), "results": results,
            "tags": rng.sample(TAGS, 2),
        })
    return stories


def add_reports(rng, year, measure, target):
    """Half-year and year-end figures; the current year has only the first."""
    reports = []
    for month in (6, 12):
        if year == YEARS[-1] and month == 12:
            break
        rdate = (year, month, 30 if month == 6 else 31)
        if measure == "count":
            share = rng.uniform(0.3, 0.7) if month == 6 else rng.uniform(0.8, 1.25)
            reports.append({"date": rdate, "value": int(round(target * share))})
        elif measure == "percent":
            of = rng.randrange(35, 60)
            lo = (0.6 if month == 6 else 0.8) * target / 100
            hi = min(1.0, target / 100 + 0.15)
            reports.append({"date": rdate, "count": int(of * rng.uniform(lo, hi)), "of": of})
        else:
            reports.append({"date": rdate, "value": month == 12})
    return reports


def make_progress(rng, docs):
    files = []
    for d in docs:
        if not d["plan"]:
            continue
        year = d["year"]
        targets = []
        for tid, tvi, ten, measure, comparator, target, unit in TARGETS:
            t = {"id": tid, "title": (tvi, ten), "measure": measure, "comparator": comparator,
                 "target": target, "unit": unit, "reports": add_reports(rng, year, measure, target)}
            if tid == "cdcs-hoan-thanh-tot":
                # "trong đó": a sub-target, as in real plans
                t["targets"] = [{
                    "id": "cdcs-xuat-sac", "title": ("CĐCS xếp loại hoàn thành xuất sắc nhiệm vụ",
                                                     "Grassroots unions rated excellent"),
                    "measure": "percent", "comparator": "at-least", "target": 20, "unit": None,
                    "reports": add_reports(rng, year, "percent", 20),
                }]
            targets.append(t)
        files.append({"id": f"{year}-dan-van", "year": year, "plan": d["number"], "targets": targets})
        d["progress"] = f"{year}-dan-van"
    return files


# --------------------------------------------------------------------------
# Bodies. Each returns (vi, en) Markdown, drawn from one rng so that both
# languages say the same thing.
# --------------------------------------------------------------------------


def paragraph(rng, year, place, unit, count):
    vi, en = [], []
    for pair in rng.sample(SENTENCES, count):
        a, b = Ctx(rng, year, place, unit).fill(pair)
        vi.append(a)
        en.append(b)
    return " ".join(vi), " ".join(en)


def item_list(rng, numbered):
    vi, en = [], []
    chosen = rng.sample(ITEMS, rng.randrange(3, 6))
    for k, (a, b) in enumerate(chosen, 1):
        end = "." if k == len(chosen) else ";"
        a, b = a.rstrip(";.") + end, b.rstrip(";.") + end
        bullet = f"{k}." if numbered else "-"
        vi.append(f"{bullet} {a[0].upper()}{a[1:]}" if numbered else f"{bullet} {a}")
        en.append(f"{bullet} {b[0].upper()}{b[1:]}" if numbered else f"{bullet} {b}")
    return "\n".join(vi), "\n".join(en)


def link_story(s):
    vi = f"[“{s['model'][0]}”](@/stories/{s['slug']}.md) của Công đoàn cơ sở {s['unit'][0]}"
    en = f"[“{s['model'][1]}”](@/stories/{s['slug']}.md) of the grassroots union of {s['unit'][1]}"
    return vi, en


def link_doc(d):
    path = f"@/documents/{d['year']}/{d['slug']}.md"
    vi = f"[{d['number']} ngày {date_vi_short(d['date'])}]({path}) của {d['issuer'][0]}"
    en = f"[No. {d['number']} of {date_en(d['date'])}]({path}) of the {d['issuer'][1]}"
    return vi, en


def progress_line(file_id, target_id, hugo):
    if hugo:
        return f'{{{{< progress id="{file_id}/{target_id}" >}}}}'
    return f'{{{{ progress(id="{file_id}/{target_id}") }}}}'


def document_body(rng, d, docs, stories, progress_by_year, shortcodes):
    """Returns {(lang, hugo): markdown} for the four variants."""
    year, place, unit = d["year"], d["place"], d["unit"]
    parts = []  # list of (vi, en) blocks, or ("PROGRESS", [(file, target)])
    earlier = [x for x in docs[max(0, d["i"] - 40):d["i"]]]
    intro_vi = "Căn cứ Điều lệ Công đoàn Việt Nam và chương trình công tác năm"
    intro_en = "Pursuant to the Charter of the Vietnam Trade Union and the work programme for the year"
    if earlier:
        ref = link_doc(rng.choice(earlier))
        intro_vi += f"; thực hiện văn bản số {ref[0]}"
        intro_en += f", and to document {ref[1]}"
    parts.append((
        f"{intro_vi}, {d['issuer'][0]} ban hành văn bản về {d['topic'][0]} với những nội dung sau.",
        f"{intro_en}, the {d['issuer'][1]} issues this document on {d['topic'][1]} as follows.",
    ))
    sections = SECTIONS.get(d["type"], DEFAULT_SECTIONS)
    pfile = progress_by_year.get(year)
    for k, (h_vi, h_en, kind) in enumerate(sections, 1):
        if h_vi.startswith("Điều"):
            parts.append((f"## {h_vi}", f"## {h_en}"))
        else:
            parts.append((f"## {roman(k)}. {h_vi}", f"## {roman(k)}. {h_en}"))
        if kind == "paragraphs":
            for _ in range(rng.randrange(1, 3)):
                parts.append(paragraph(rng, year, place, unit, rng.randrange(3, 6)))
        elif kind in ("numbered", "bullets"):
            parts.append(paragraph(rng, year, place, unit, 2))
            parts.append(item_list(rng, kind == "numbered"))
        elif kind == "targets":
            vi, en = [], []
            for j, t in enumerate(TARGETS, 1):
                word_vi = {"at-least": "ít nhất", "more-than": "trên", "exactly": "đúng", "at-most": "không quá"}[t[4]]
                word_en = {"at-least": "at least", "more-than": "more than", "exactly": "exactly", "at-most": "at most"}[t[4]]
                amount_vi = f"{t[5]}%" if t[3] == "percent" else str(t[5])
                if t[3] == "done":
                    vi.append(f"{j}. {t[1]} trong năm {year}.")
                    en.append(f"{j}. {t[2]} in {year}.")
                else:
                    vi.append(f"{j}. {t[1]}: {word_vi} {amount_vi}.")
                    en.append(f"{j}. {t[2]}: {word_en} {amount_vi}.")
            parts.append(("\n".join(vi), "\n".join(en)))
            if shortcodes and pfile:
                parts.append(("PROGRESS", [(pfile, t[0]) for t in TARGETS[:3]]))
        elif kind == "results":
            rows_vi = ["| Chỉ tiêu | Kế hoạch | Thực hiện | Tỷ lệ |", "|---|---:|---:|---:|"]
            rows_en = ["| Target | Planned | Achieved | Rate |", "|---|---:|---:|---:|"]
            for t in rng.sample(TARGETS[:7], 4):
                plan = t[5]
                done = int(plan * rng.uniform(0.7, 1.2))
                rate = round(done * 100.0 / plan, 1)
                rows_vi.append(f"| {t[1]} | {fmt_vi_num(plan)} | {fmt_vi_num(done)} | {fmt_vi_num(rate)}% |")
                rows_en.append(f"| {t[2]} | {fmt_en_num(plan)} | {fmt_en_num(done)} | {fmt_en_num(rate)}% |")
            parts.append(paragraph(rng, year, place, unit, 3))
            parts.append(("\n".join(rows_vi), "\n".join(rows_en)))
            if shortcodes and pfile:
                parts.append(("PROGRESS", [(pfile, rng.choice(TARGETS)[0])]))
        elif kind == "subsections":
            for j, (s_vi, s_en) in enumerate(rng.sample(SUBSECTIONS, 3), 1):
                parts.append((f"### {j}. {s_vi}", f"### {j}. {s_en}"))
                parts.append(paragraph(rng, year, place, unit, rng.randrange(2, 5)))
                if j == 2:
                    parts.append(item_list(rng, False))
            if stories:
                a, b = link_story(rng.choice(stories))
                parts.append((f"Một cách làm đáng học tập là mô hình {a}.",
                              f"One approach worth learning from is the {b} model."))
        elif kind == "schedule":
            rows_vi = ["| Nội dung | Đơn vị thực hiện | Thời hạn |", "|---|---|---|"]
            rows_en = ["| What | Who | Deadline |", "|---|---|---|"]
            for a, b in rng.sample(ITEMS, 3):
                dl = random_date(rng, year)
                rows_vi.append(f"| {a.rstrip(';.')[0].upper()}{a.rstrip(';.')[1:]} | Các CĐCS | trước ngày {date_vi_short(dl)} |")
                rows_en.append(f"| {b.rstrip(';.')[0].upper()}{b.rstrip(';.')[1:]} | Grassroots unions | by {date_en(dl)} |")
            parts.append(("\n".join(rows_vi), "\n".join(rows_en)))
            parts.append(paragraph(rng, year, place, unit, 2))
    if stories and rng.random() < 0.5:
        a, b = link_story(rng.choice(stories))
        parts.append((f"Xem thêm: mô hình {a}.", f"See also: the {b} model."))
    return render_variants(parts)


def story_body(rng, s, docs_by_year, stories):
    year, unit = s["year"], s["unit"]
    commune = rng.choice(COMMUNES)
    place = (commune, ascii_fold(commune))
    parts = [("## Hoàn cảnh ra đời", "## How it started")]
    parts.append(paragraph(rng, year, place, unit, rng.randrange(3, 5)))
    parts.append((
        f"Năm {year}, Công đoàn cơ sở {unit[0]} đề xuất mô hình “{s['model'][0]}” và được đoàn viên hưởng ứng.",
        f"In {year} the grassroots union of {unit[1]} proposed the “{s['model'][1]}” model, and members took it up.",
    ))
    parts.append(("## Cách làm", "## How it works"))
    parts.append(item_list(rng, False))
    parts.append(("## Kết quả", "## Results"))
    parts.append(paragraph(rng, year, place, unit, rng.randrange(2, 4)))
    rows_vi = ["| Chỉ số | Kết quả |", "|---|---:|"]
    rows_en = ["| Figure | Result |", "|---|---:|"]
    for (lvi, len_), v in s["results"]:
        rows_vi.append(f"| {lvi} | {fmt_vi_num(v)} |")
        rows_en.append(f"| {len_} | {fmt_en_num(v)} |")
    parts.append(("\n".join(rows_vi), "\n".join(rows_en)))
    parts.append(("## Bài học kinh nghiệm", "## Lessons learned"))
    parts.append(paragraph(rng, year, place, unit, 2))
    same_year = docs_by_year.get(year)
    if same_year:
        a, b = link_doc(rng.choice(same_year))
        parts.append((f"Mô hình được triển khai theo văn bản số {a}.",
                      f"The model was carried out under document {b}."))
    if len(stories) > 1:
        other = stories[(s["i"] + 1) % len(stories)]
        a, b = link_story(other)
        parts.append((f"Cùng lĩnh vực, có thể tham khảo mô hình {a}.",
                      f"For a similar approach, see the {b} model."))
    return render_variants(parts)


def render_variants(parts):
    out = {}
    for lang in ("vi", "en"):
        for hugo in (False, True):
            blocks = []
            for p in parts:
                if p[0] == "PROGRESS":
                    blocks.append("\n\n".join(progress_line(f, t, hugo) for f, t in p[1]))
                else:
                    blocks.append(p[0] if lang == "vi" else p[1])
            out[(lang, hugo)] = "\n\n".join(blocks) + "\n"
    return out


# --------------------------------------------------------------------------
# Front matter
# --------------------------------------------------------------------------


def doc_front(d, lang, hugo):
    L = 0 if lang == "vi" else 1
    name, pos = d["signer"]
    lines = [
        f"title: {q(d['title'][L])}",
        f"summary: {q(d['summary'][L])}",
        f"number: {q(d['number'])}",
        f"{'doctype' if hugo else 'type'}: {d['type']}",
        f"issuer: {q(d['issuer'][L])}",
        f"parent_issuer: {q(d['parent'][L])}",
        f"place: {q(d['place'][L])}",
        f"date: {iso(d['date'])}",
        "signer:",
        f"  name: {q(name)}",
        f"  position: {q(pos[0] if L == 0 else pos[1])}",
        f"  capacity: {q(pos[2] if L == 0 else pos[3])}",
        "recipients:",
    ]
    lines += [f"  - {q(r[L])}" for r in d["recipients"]]
    if d["attachment"]:
        lines.append(f"attachments: [{q(d['attachment'])}]")
    if d.get("progress"):
        lines.append(f"progress: {d['progress']}")
    lines.append(f"status: {d['status']}")
    lines.append("tags: [" + ", ".join(q(t[L]) for t in d["tags"]) + "]")
    if hugo:
        # Hugo taxonomies doing the work of danvan's archive listings
        # (by type, by issuer, by year).
        lines.append(f"types: [{d['type']}]")
        lines.append(f"issuers: [{q(d['issuer'][0])}]")
        lines.append(f"docyears: [\"{d['year']}\"]")
    return lines


def story_front(s, lang, hugo):
    L = 0 if lang == "vi" else 1
    title = f"Mô hình “{s['model'][0]}”" if L == 0 else f"The “{s['model'][1]}” model"
    summary = (f"Mô hình “{s['model'][0]}” của Công đoàn cơ sở {s['unit'][0]}, được công nhận năm {s['year']}."
               if L == 0 else
               f"The “{s['model'][1]}” model of the grassroots union of {s['unit'][1]}, recognised in {s['year']}.")
    lines = [
        f"title: {q(title)}",
        f"date: {iso(s['date'])}",
        f"summary: {q(summary)}",
        f"unit: {q(('Công đoàn cơ sở ' + s['unit'][0]) if L == 0 else ('Grassroots union of ' + s['unit'][1]))}",
        f"field: {s['field']}",
        f"year: {s['year']}",
        f"recognition: {s['recognition']}",
        "tags: [" + ", ".join(q(t[L]) for t in s["tags"]) + "]",
        "results:",
    ]
    for (lvi, len_), v in s["results"]:
        lines.append(f"  - {{label: {{vi: {q(lvi)}, en: {q(len_)}}}, value: {v}}}")
    if hugo:
        lines.append(f"fields: [{s['field']}]")
        lines.append(f"units: [{q('Công đoàn cơ sở ' + s['unit'][0])}]")
        lines.append(f"storyyears: [\"{s['year']}\"]")
    return lines


def page_file(front_lines, body):
    return "---\n" + "\n".join(front_lines) + "\n---\n\n" + body


def progress_yaml(p):
    lines = [
        f"# Tiến độ thực hiện các chỉ tiêu của Kế hoạch số {p['plan']} (dữ liệu tổng hợp).",
        f"plan: {q(p['plan'])}",
        f"title: {{vi: {q('Chỉ tiêu công tác dân vận năm ' + str(p['year']))}, en: {q('Mass mobilisation targets ' + str(p['year']))}}}",
        f"period: {{start: {p['year']}-01-01, end: {p['year']}-12-31}}",
        "targets:",
    ]
    for t in p["targets"]:
        lines += target_yaml(t, "  ")
    return "\n".join(lines) + "\n"


def target_yaml(t, indent):
    lines = [
        f"{indent}- id: {t['id']}",
        f"{indent}  title: {{vi: {q(t['title'][0])}, en: {q(t['title'][1])}}}",
        f"{indent}  measure: {t['measure']}",
    ]
    if t["measure"] != "done":  # a yes/no milestone has no figure to reach
        lines += [f"{indent}  comparator: {t['comparator']}", f"{indent}  target: {t['target']}"]
    if t["unit"]:
        lines.append(f"{indent}  unit: {{vi: {q(t['unit'][0])}, en: {q(t['unit'][1])}}}")
    if t["measure"] == "count":
        lines.append(f"{indent}  baseline: 0")
    lines.append(f"{indent}  reports:" if t["reports"] else f"{indent}  reports: []")
    for r in t["reports"]:
        fields = [f"date: {iso(r['date'])}"]
        if "count" in r:
            fields += [f"count: {r['count']}", f"of: {r['of']}"]
        else:
            v = r["value"]
            fields.append(f"value: {'true' if v is True else 'false' if v is False else v}")
        lines.append(f"{indent}    - {{" + ", ".join(fields) + "}")
    if t.get("targets"):
        lines.append(f"{indent}  targets:")
        for child in t["targets"]:
            lines += target_yaml(child, indent + "    ")
    return lines


def fake_pdf(rng, number):
    """A small, deterministic stand-in for a scanned document."""
    head = f"%PDF-1.4\n% {ascii_fold(number)} (synthetic attachment)\n".encode()
    return head + rng.randbytes(rng.randrange(16_000, 48_000)) + b"\n%%EOF\n"


# --------------------------------------------------------------------------
# Fixed files: site settings, home, free pages, Hugo config and layouts
# --------------------------------------------------------------------------

SITE_YAML = """\
title:
  vi: Công tác dân vận - LĐLĐ huyện Phong Thổ (dữ liệu thử tải)
  en: Mass Mobilisation - Phong Tho District Labour Federation (benchmark data)
description:
  vi: Trang thử tải sinh tự động cho danvan.
  en: A synthetic site generated to benchmark danvan.
base_url: https://ldld-phongtho.example.org/
organisation:
  vi: Liên đoàn Lao động huyện Phong Thổ
  en: Phong Tho District Labour Federation
"""

HOME = {
    "vi": ("Trang chủ", "Chào mừng các đồng chí đoàn viên, công nhân, viên chức và người lao động đến với trang thông tin công tác dân vận của Liên đoàn Lao động huyện Phong Thổ. Tại đây có toàn văn kế hoạch, báo cáo và các mô hình “Dân vận khéo” tiêu biểu."),
    "en": ("Home", "Welcome to the mass mobilisation pages of the Phong Tho District Labour Federation: the full text of its plans and reports, and its “Skilful Mass Mobilisation” model stories."),
}

PAGES = {
    "about": {
        "vi": ("Giới thiệu", "gioi-thieu", 1, "## Liên đoàn Lao động huyện Phong Thổ\n\nLiên đoàn Lao động huyện Phong Thổ là tổ chức Công đoàn cấp trên trực tiếp cơ sở, trực thuộc Liên đoàn Lao động tỉnh Lai Châu, hướng dẫn và chăm lo cho khoảng 40 Công đoàn cơ sở với gần 1.500 đoàn viên.\n\n## Về trang thông tin này\n\n- công bố toàn văn các kế hoạch, báo cáo, quyết định;\n- cập nhật tiến độ thực hiện từng chỉ tiêu;\n- giới thiệu các mô hình “Dân vận khéo”.\n"),
        "en": ("About", "about", 1, "## Phong Tho District Labour Federation\n\nThe Phong Tho District Labour Federation is the trade union level directly above the grassroots, under the Lai Chau Provincial Labour Federation. It guides and supports about 40 grassroots unions with nearly 1,500 members.\n\n## About these pages\n\n- the full text of plans, reports and decisions;\n- progress towards every target;\n- the “Skilful Mass Mobilisation” model stories.\n"),
    },
    "contact": {
        "vi": ("Liên hệ", "lien-he", 2, "Văn phòng Liên đoàn Lao động huyện Phong Thổ, thị trấn Phong Thổ, tỉnh Lai Châu.\n\n| Bộ phận | Điện thoại |\n|---|---|\n| Văn phòng | 0213 3 000 000 |\n| Ban Tổ chức | 0213 3 000 001 |\n"),
        "en": ("Contact", "contact", 2, "Office of the Phong Tho District Labour Federation, Phong Tho town, Lai Chau Province.\n\n| Department | Telephone |\n|---|---|\n| Office | 0213 3 000 000 |\n| Organisation | 0213 3 000 001 |\n"),
    },
}

HUGO_YAML = """\
baseURL: https://ldld-phongtho.example.org/
title: Công tác dân vận - LĐLĐ huyện Phong Thổ (dữ liệu thử tải)
defaultContentLanguage: vi
defaultContentLanguageInSubdir: false
disableHugoGeneratorInject: true
enableRobotsTXT: true
languages:
  vi:
    languageName: Tiếng Việt
    weight: 1
    title: Công tác dân vận - LĐLĐ huyện Phong Thổ (dữ liệu thử tải)
  en:
    languageName: English
    weight: 2
    title: Mass Mobilisation - Phong Tho District Labour Federation (benchmark data)
# The archive listings danvan makes: documents by type, issuer and year;
# stories by field, unit and year. Tags stay plain parameters, as in danvan.
taxonomies:
  type: types
  issuer: issuers
  docyear: docyears
  field: fields
  unit: units
  storyyear: storyyears
permalinks:
  pages: /:slug/
# One feed per language (the home page), as danvan writes one Atom feed each.
outputs:
  home: [HTML, RSS]
  section: [HTML]
  taxonomy: [HTML]
  term: [HTML]
services:
  rss:
    limit: 20
markup:
  goldmark:
    renderer:
      unsafe: false
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!doctype html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
<meta name="description" content="{{ with .Summary }}{{ . | plainify | truncate 160 }}{{ else }}{{ .Site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{- range .AllTranslations }}
<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{- end }}
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:type" content="{{ if .IsPage }}article{{ else }}website{{ end }}">
{{- with site.Home.OutputFormats.Get "rss" }}
<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">
{{- end }}
<style>body{max-width:48rem;margin:auto;padding:0 1rem;font-family:sans-serif}.bar{background:#eee}.bar span{display:block;height:.5rem;background:#2a7}</style>
</head>
<body>
<header>
<a href="{{ "/" | relLangURL }}">{{ .Site.Title }}</a>
<nav>
<a href="{{ "documents/" | relLangURL }}">{{ if eq .Site.Language.Lang "vi" }}Văn bản{{ else }}Documents{{ end }}</a>
<a href="{{ "stories/" | relLangURL }}">{{ if eq .Site.Language.Lang "vi" }}Dân vận khéo{{ else }}Stories{{ end }}</a>
{{- partialCached "menu.html" . .Site.Language.Lang }}
{{- range .Translations }}
<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>
{{- end }}
</nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>{{ .Site.Title }}</footer>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
{{ $vi := eq .Site.Language.Lang "vi" }}
{{ if eq .Section "documents" }}
<article class="document">
<table class="header"><tr>
<td>{{ .Params.parent_issuer | upper }}<br><strong>{{ .Params.issuer | upper }}</strong><br>Số: {{ .Params.number }}</td>
<td><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br>Độc lập - Tự do - Hạnh phúc<br>
<em>{{ .Params.place }}, {{ partial "date.html" (dict "date" .Date "vi" $vi) }}</em></td>
</tr></table>
<h1>{{ .Title }}</h1>
{{ .Content }}
<div class="signature">
{{ with .Params.signer }}<p>{{ .capacity }}<br>{{ .position }}</p><p><strong>{{ .name }}</strong></p>{{ end }}
</div>
<div class="recipients"><p>{{ if $vi }}Nơi nhận:{{ else }}Recipients:{{ end }}</p>
<ul>{{ range .Params.recipients }}<li>{{ . }}</li>{{ end }}</ul></div>
{{ with .Resources.ByType "application" }}
<ul class="attachments">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Name }}</a> {{ len .Content }} B, SHA-256 {{ .Content | sha256 }}</li>{{ end }}</ul>
{{ end }}
</article>
{{ else if eq .Section "stories" }}
<article class="story">
<h1>{{ .Title }}</h1>
<p>{{ .Params.unit }} · {{ .Params.field }} · {{ .Params.year }} · {{ .Params.recognition }}</p>
<ul class="results">{{ range .Params.results }}<li><strong>{{ .value }}</strong> {{ index .label $.Site.Language.Lang }}</li>{{ end }}</ul>
{{ .Content }}
</article>
{{ else }}
<article><h1>{{ .Title }}</h1>{{ .Content }}</article>
{{ end }}
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ if .IsHome }}
{{ range first 5 (where site.RegularPages "Section" "documents") }}
<p><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.number }}</p>
{{ end }}
{{ range first 5 (where site.RegularPages "Section" "stories") }}
<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>
{{ end }}
{{ else }}
{{ range .Pages.GroupByDate "2006" }}
<h2>{{ .Key }}</h2>
<ul>
{{ range .Pages }}<li>{{ partial "item.html" . }}</li>{{ end }}
</ul>
{{ end }}
{{ end }}
{{ end }}
""",
    "_default/taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}
</ul>
{{ end }}
""",
    "_default/term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li>{{ partial "item.html" . }}</li>{{ end }}
</ul>
{{ end }}
""",
    "partials/menu.html": """\
{{- with site.GetPage "/pages" }}{{ range .Pages.ByWeight }}
<a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{- end }}{{ end -}}
""",
    "partials/item.html": """\
<a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ with .Params.number }}· {{ . }}{{ end }}
· {{ partial "date.html" (dict "date" .Date "vi" (eq .Language.Lang "vi")) }}
""",
    "partials/date.html": """\
{{- $d := .date -}}
{{- if .vi -}}
ngày {{ $d.Format "02" }} tháng {{ if lt (int $d.Month) 3 }}0{{ end }}{{ int $d.Month }} năm {{ $d.Year }}
{{- else -}}
{{ $d.Format "2 January 2006" }}
{{- end -}}
""",
    "404.html": """\
{{ define "main" }}<h1>404</h1><p><a href="{{ "/" | relLangURL }}">{{ .Site.Title }}</a></p>{{ end }}
""",
    "_default/_markup/render-link.html": """\
{{- $dest := .Destination -}}
{{- if hasPrefix $dest "@/" -}}
  {{- $path := strings.TrimSuffix ".md" (strings.TrimPrefix "@" $dest) -}}
  {{- with site.GetPage $path -}}
    {{- $dest = .RelPermalink -}}
  {{- else -}}
    {{- errorf "%s: link to a missing page: %s" $.Page.File.Path $dest -}}
  {{- end -}}
{{- end -}}
<a href="{{ $dest | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text | safeHTML }}</a>
{{- /* */ -}}
""",
    "shortcodes/progress.html": """\
{{- $parts := split (.Get "id") "/" -}}
{{- $file := index site.Data.progress (index $parts 0) -}}
{{- if not $file }}{{ errorf "progress: no file %s" (index $parts 0) }}{{ end -}}
{{- $lang := .Page.Language.Lang -}}
{{- range $file.targets -}}
{{- if eq .id (index $parts 1) -}}
{{- $t := . -}}
{{- with last 1 .reports -}}
{{- $r := index . 0 -}}
{{- $v := 0.0 -}}
{{- if isset $r "of" }}{{ $v = div (mul 100.0 $r.count) $r.of }}{{ else if eq $r.value true }}{{ $v = 100.0 }}{{ else if eq $r.value false }}{{ $v = 0.0 }}{{ else }}{{ $v = float $r.value }}{{ end -}}
{{- $base := float (default 0 $t.baseline) -}}
{{- $share := 0.0 -}}
{{- if eq $t.measure "count" }}{{ $share = div (mul 100.0 (sub $v $base)) (sub (float $t.target) $base) }}{{ else }}{{ $share = $v }}{{ end -}}
{{- $w := math.Min 100 (math.Max 0 $share) -}}
<div class="progress" role="group" aria-label="{{ index $t.title $lang }}">
<p>{{ index $t.title $lang }}: {{ lang.FormatNumber 1 $v }}{{ with $t.target }} / {{ . }}{{ end }} ({{ $r.date }})</p>
<div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{{ printf "%.0f" $w }}"><span style="width:{{ printf "%.1f" $w }}%"></span></div>
</div>
{{- else -}}
<p>{{ index $t.title $lang }}: no data</p>
{{- end -}}
{{- end -}}
{{- end -}}
""",
}


# --------------------------------------------------------------------------
# The Zola twin
# --------------------------------------------------------------------------

ZOLA_LINK = re.compile(r"\(@/((?:documents/\d{4}|stories)/[^)\s]+)\.md\)")


def zola_links(body, lang, bundles):
    """danvan's `@/documents/2016/x.md` -> Zola's file of the same language."""
    suffix = "" if lang == "vi" else ".en"

    def one(m):
        path = m.group(1)
        if path in bundles:
            path += "/index"
        return f"(@/{path}{suffix}.md)"

    return ZOLA_LINK.sub(one, body)


def zola_front(lines, taxonomies):
    """danvan front matter lines -> Zola's: title, description and date at
    the top, taxonomies, everything else under `extra`."""
    top, extra = [], []
    for line in lines:
        key = line.split(":", 1)[0]
        if key == "title" or key == "date":
            top.append(line)
        elif key == "summary":
            top.append("description:" + line.split(":", 1)[1])
        else:
            extra.append("  " + line)
    top.append("taxonomies:")
    top += [f"  {name}: [{', '.join(q(v) for v in values)}]" for name, values in taxonomies]
    return top + ["extra:"] + extra


def zola_file(lang, rel):
    """`documents/2016/x.vi.md` -> `documents/2016/x.md` (vi is the default)."""
    return rel.replace(".vi.md", ".md") if lang == "vi" else rel


ZOLA_TAXONOMIES = "[" + ", ".join(
    f'{{name = "{name}", paginate_by = 50}}'
    for name in ("types", "issuers", "docyears", "fields", "units", "storyyears")) + "]"

ZOLA_CONFIG = f"""\
base_url = "https://ldld-phongtho.example.org"
title = "Công tác dân vận - LĐLĐ huyện Phong Thổ (dữ liệu thử tải)"
default_language = "vi"
compile_sass = false
generate_feeds = true
feed_filenames = ["atom.xml"]
feed_limit = 20
build_search_index = true
generate_sitemap = true
generate_robots_txt = true
taxonomies = {ZOLA_TAXONOMIES}

[search]
index_format = "fuse_json"

[languages.en]
title = "Mass Mobilisation - Phong Tho District Labour Federation (benchmark data)"
generate_feeds = true
feed_filenames = ["atom.xml"]
build_search_index = true
taxonomies = {ZOLA_TAXONOMIES}

[languages.en.search]
index_format = "fuse_json"
"""

ZOLA_TEMPLATES = {
    "base.html": """\
<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{%- set site_title = config.title %}
<title>{% block title %}{{ site_title }}{% endblock %}</title>
<meta name="description" content="{% block description %}{{ site_title }}{% endblock %}">
{% block head %}{% endblock %}
<link rel="alternate" type="application/atom+xml" href="{{ get_url(path='atom.xml', lang=lang) }}">
<style>body{max-width:48rem;margin:auto;padding:0 1rem;font-family:sans-serif}.bar{background:#eee}.bar span{display:block;height:.5rem;background:#2a7}</style>
</head>
<body>
<header>
<a href="{{ get_url(path='@/_index.md', lang=lang) }}">{{ site_title }}</a>
<nav>
{%- set suffix = "" %}{% if lang != config.default_language %}{% set suffix = "." ~ lang %}{% endif %}
<a href="{{ get_url(path='@/documents/_index' ~ suffix ~ '.md') }}">{% if lang == "vi" %}Văn bản{% else %}Documents{% endif %}</a>
<a href="{{ get_url(path='@/stories/_index' ~ suffix ~ '.md') }}">{% if lang == "vi" %}Dân vận khéo{% else %}Stories{% endif %}</a>
{%- set menu = get_section(path="pages/_index" ~ suffix ~ ".md") %}
{%- for p in menu.pages %}
<a href="{{ p.permalink }}">{{ p.title }}</a>
{%- endfor %}
{% block switcher %}{% endblock %}
</nav>
</header>
<main>
{% block main %}{% endblock %}
</main>
<footer>{{ site_title }}</footer>
</body>
</html>
""",
    "macros.html": """\
{% macro date(d, lang) -%}
{% if lang == "vi" %}ngày {{ d | date(format="%d") }} tháng {{ d | date(format="%m") }} năm {{ d | date(format="%Y") }}{% else %}{{ d | date(format="%-d %B %Y") }}{% endif %}
{%- endmacro date %}
{% macro item(p, lang) -%}
<a href="{{ p.permalink }}">{{ p.title }}</a>
{% if p.extra.number %}· {{ p.extra.number }}{% endif %}
· {{ self::date(d=p.date, lang=lang) }}
{%- endmacro item %}
""",
    "page.html": """\
{% extends "base.html" %}
{% import "macros.html" as m %}
{% block title %}{{ page.title }} · {{ super() }}{% endblock %}
{% block description %}{{ page.description | default(value=page.title) | truncate(length=160) }}{% endblock %}
{% block head %}
<link rel="canonical" href="{{ page.permalink }}">
{%- for t in page.translations %}
<link rel="alternate" hreflang="{{ t.lang }}" href="{{ t.permalink }}">
{%- endfor %}
<meta property="og:title" content="{{ page.title }}">
<meta property="og:url" content="{{ page.permalink }}">
<meta property="og:type" content="article">
{% endblock %}
{% block switcher %}{% for t in page.translations %}{% if t.lang != lang %}<a href="{{ t.permalink }}" hreflang="{{ t.lang }}" lang="{{ t.lang }}">{{ t.lang }}</a>{% endif %}{% endfor %}{% endblock %}
{% block main %}
{% set e = page.extra %}
{% if page.relative_path is starting_with("documents/") %}
<article class="document">
<table class="header"><tr>
<td>{{ e.parent_issuer | upper }}<br><strong>{{ e.issuer | upper }}</strong><br>Số: {{ e.number }}</td>
<td><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br>Độc lập - Tự do - Hạnh phúc<br>
<em>{{ e.place }}, {{ m::date(d=page.date, lang=lang) }}</em></td>
</tr></table>
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
<div class="signature"><p>{{ e.signer.capacity }}<br>{{ e.signer.position }}</p><p><strong>{{ e.signer.name }}</strong></p></div>
<div class="recipients"><p>{% if lang == "vi" %}Nơi nhận:{% else %}Recipients:{% endif %}</p>
<ul>{% for r in e.recipients %}<li>{{ r }}</li>{% endfor %}</ul></div>
{% if page.assets %}
<ul class="attachments">{% for a in page.assets %}<li><a href="{{ get_url(path=a) }}">{{ a | split(pat="/") | last }}</a> SHA-256 {{ get_hash(path=a, sha_type=256, base64=false) }}</li>{% endfor %}</ul>
{% endif %}
</article>
{% elif page.relative_path is starting_with("stories/") %}
<article class="story">
<h1>{{ page.title }}</h1>
<p>{{ e.unit }} · {{ e.field }} · {{ e.year }} · {{ e.recognition }}</p>
<ul class="results">{% for r in e.results %}<li><strong>{{ r.value }}</strong> {{ r.label[lang] }}</li>{% endfor %}</ul>
{{ page.content | safe }}
</article>
{% else %}
<article><h1>{{ page.title }}</h1>{{ page.content | safe }}</article>
{% endif %}
{% endblock %}
""",
    "section.html": """\
{% extends "base.html" %}
{% import "macros.html" as m %}
{% block title %}{{ section.title }} · {{ super() }}{% endblock %}
{% block head %}<link rel="canonical" href="{{ section.permalink }}">{% endblock %}
{% block main %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
{% if paginator %}{% set items = paginator.pages %}{% else %}{% set items = section.pages %}{% endif %}
{% for year, pages in items | group_by(attribute="year") %}
<h2>{{ year }}</h2>
<ul>
{% for p in pages %}<li>{{ m::item(p=p, lang=lang) }}</li>{% endfor %}
</ul>
{% endfor %}
{% endblock %}
""",
    "index.html": """\
{% extends "base.html" %}
{% import "macros.html" as m %}
{% block head %}<link rel="canonical" href="{{ section.permalink }}">{% endblock %}
{% block main %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
{%- set suffix = "" %}{% if lang != config.default_language %}{% set suffix = "." ~ lang %}{% endif %}
{% set docs = get_section(path="documents/_index" ~ suffix ~ ".md") %}
{% for p in docs.pages | slice(end=5) %}<p>{{ m::item(p=p, lang=lang) }}</p>{% endfor %}
{% set stories = get_section(path="stories/_index" ~ suffix ~ ".md") %}
{% for p in stories.pages | slice(end=5) %}<p><a href="{{ p.permalink }}">{{ p.title }}</a></p>{% endfor %}
{% endblock %}
""",
    "taxonomy_list.html": """\
{% extends "base.html" %}
{% block title %}{{ taxonomy.name }} · {{ super() }}{% endblock %}
{% block main %}
<h1>{{ taxonomy.name }}</h1>
<ul>
{% for term in terms %}<li><a href="{{ term.permalink }}">{{ term.name }}</a> ({{ term.page_count }})</li>{% endfor %}
</ul>
{% endblock %}
""",
    "taxonomy_single.html": """\
{% extends "base.html" %}
{% import "macros.html" as m %}
{% block title %}{{ term.name }} · {{ super() }}{% endblock %}
{% block main %}
<h1>{{ term.name }}</h1>
<ul>
{% for p in paginator.pages %}<li>{{ m::item(p=p, lang=lang) }}</li>{% endfor %}
</ul>
{% endblock %}
""",
    "404.html": """\
{% extends "base.html" %}
{% block main %}<h1>404</h1><p><a href="{{ get_url(path='@/_index.md') }}">{{ config.title }}</a></p>{% endblock %}
""",
    "shortcodes/progress.html": """\
{%- set parts = id | split(pat="/") -%}
{%- set file = load_data(path="data/progress/" ~ parts[0] ~ ".yaml") -%}
{%- for t in file.targets -%}
{%- if t.id == parts[1] -%}
{%- set title = t.title[lang] -%}
{%- if t.reports | length > 0 -%}
{%- set r = t.reports | last -%}
{%- if r.of -%}{%- set v = 100.0 * r.count / r.of -%}
{%- elif r.value == true -%}{%- set v = 100.0 -%}
{%- elif r.value == false -%}{%- set v = 0.0 -%}
{%- else -%}{%- set v = r.value * 1.0 -%}{%- endif -%}
{%- set base = t.baseline | default(value=0) -%}
{%- if t.measure == "count" -%}{%- set share = 100.0 * (v - base) / (t.target - base) -%}{%- else -%}{%- set share = v -%}{%- endif -%}
{%- if share > 100 %}{% set share = 100 %}{% elif share < 0 %}{% set share = 0 %}{% endif -%}
<div class="progress" role="group" aria-label="{{ title }}">
<p>{{ title }}: {{ v | round(precision=1) }}{% if t.target %} / {{ t.target }}{% endif %} ({{ r.date }})</p>
<div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{{ share | round }}"><span style="width:{{ share | round(precision=1) }}%"></span></div>
</div>
{%- else -%}
<p>{{ title }}: no data</p>
{%- endif -%}
{%- endif -%}
{%- endfor -%}
""",
}


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def prepare_dir(path):
    """Creates `path`, or empties it when this script wrote it before."""
    if os.path.isdir(path):
        entries = os.listdir(path)
        if MARKER in entries:
            for e in entries:
                full = os.path.join(path, e)
                if os.path.isdir(full) and not os.path.islink(full):
                    shutil.rmtree(full)
                else:
                    os.remove(full)
        else:
            for root, dirs, files in os.walk(path):
                if files:
                    sys.exit(f"gen_corpus: {path} is not empty and was not written by this script; "
                             f"give an empty or new folder")
    elif os.path.exists(path):
        sys.exit(f"gen_corpus: {path} is not a folder")
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, MARKER), "w") as f:
        f.write("written by bench/gen_corpus.py; the next run wipes this folder\n")


class Writer:
    def __init__(self, root):
        self.root = root
        self.made = set()
        self.files = 0
        self.bytes = 0

    def write(self, rel, data):
        path = os.path.join(self.root, rel)
        folder = os.path.dirname(path)
        if folder not in self.made:
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)
        if isinstance(data, str):
            data = data.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        self.files += 1
        self.bytes += len(data)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, required=True, help="documents per language")
    ap.add_argument("--stories", type=int, required=True, help="stories per language")
    ap.add_argument("--out", required=True, help="the danvan site folder to write")
    ap.add_argument("--hugo", help="the Hugo site folder to write (optional)")
    ap.add_argument("--zola", help="the Zola site folder to write (optional)")
    ap.add_argument("--seed", type=int, default=20240124)
    ap.add_argument("--shortcodes", action="store_true",
                    help='add {{ progress(id="<file>/<target>") }} lines to plans and reports')
    args = ap.parse_args(argv)
    if args.docs < 0 or args.stories < 0:
        ap.error("--docs and --stories must be 0 or more")
    folders = [os.path.abspath(f) for f in (args.out, args.hugo, args.zola) if f]
    if len(set(folders)) != len(folders):
        ap.error("--out, --hugo and --zola must be different folders")

    rng = random.Random(args.seed)
    docs = make_documents(rng, args.docs)
    stories = make_stories(rng, args.stories)
    progress = make_progress(rng, docs)
    progress_by_year = {p["year"]: p["id"] for p in progress}

    prepare_dir(args.out)
    dv = Writer(args.out)
    hg = None
    if args.hugo:
        prepare_dir(args.hugo)
        hg = Writer(args.hugo)
    zl = None
    if args.zola:
        prepare_dir(args.zola)
        zl = Writer(args.zola)
    bundles = {f"documents/{d['year']}/{d['slug']}" for d in docs if d["attachment"]}

    def zola_write(lang, rel, front, body, taxonomies=()):
        """One page of the Zola twin, from danvan's file name, front matter and body."""
        if zl:
            zl.write(f"content/{zola_file(lang, rel)}",
                     page_file(zola_front(front, taxonomies), zola_links(body, lang, bundles)))

    def zola_section(rel, titles, sort_by, transparent=False):
        if not zl:
            return
        for lang, title in titles:
            name = "_index.md" if lang == "vi" else f"_index.{lang}.md"
            front = [f"title: {q(title)}"]
            if sort_by:
                front.append(f"sort_by: {sort_by}")
            if sort_by == "date":  # listings of 50 items a page, as danvan's
                front.append("paginate_by: 50")
            if transparent:
                front.append("transparent: true")
            zl.write(f"content/{rel}{name}", page_file(front, ""))

    dv.write("content/site.yaml", SITE_YAML)
    for lang, (title, text) in HOME.items():
        dv.write(f"content/_index.{lang}.md", page_file([f"title: {q(title)}"], text + "\n"))
        if hg:
            hg.write(f"content/_index.{lang}.md", page_file([f"title: {q(title)}"], text + "\n"))
        if zl:
            zl.write(f"content/{zola_file(lang, f'_index.{lang}.md')}", page_file([f"title: {q(title)}"], text + "\n"))
    for name, langs in PAGES.items():
        for lang, (title, slug, weight, body) in langs.items():
            front = [f"title: {q(title)}", f"slug: {slug}", f"weight: {weight}"]
            dv.write(f"content/pages/{name}.{lang}.md", page_file(front, body))
            if hg:
                hg.write(f"content/pages/{name}.{lang}.md", page_file(front, body))
            if zl:
                zl.write(f"content/{zola_file(lang, f'pages/{name}.{lang}.md')}", page_file(front, body))
    zola_section("pages/", (("vi", "Trang"), ("en", "Pages")), "weight")
    zola_section("documents/", (("vi", "Văn bản"), ("en", "Documents")), "date")
    zola_section("stories/", (("vi", "Dân vận khéo"), ("en", "Model stories")), "date")
    for year in sorted({d["year"] for d in docs}):
        zola_section(f"documents/{year}/", (("vi", f"Văn bản năm {year}"), ("en", f"Documents of {year}")),
                     "date", transparent=True)
    if hg:
        for lang, title in (("vi", "Văn bản"), ("en", "Documents")):
            hg.write(f"content/documents/_index.{lang}.md", page_file([f"title: {q(title)}"], ""))
        for lang, title in (("vi", "Dân vận khéo"), ("en", "Model stories")):
            hg.write(f"content/stories/_index.{lang}.md", page_file([f"title: {q(title)}"], ""))

    for p in progress:
        text = progress_yaml(p)
        dv.write(f"content/progress/{p['id']}.yaml", text)
        if hg:
            hg.write(f"data/progress/{p['id']}.yaml", text)
        if zl:
            zl.write(f"data/progress/{p['id']}.yaml", text)

    for d in docs:
        bodies = document_body(rng, d, docs, stories, progress_by_year, args.shortcodes)
        if d["attachment"]:
            folder = f"documents/{d['year']}/{d['slug']}"
            names = {"vi": f"{folder}/index.vi.md", "en": f"{folder}/index.en.md"}
            pdf = fake_pdf(rng, d["number"])
            dv.write(f"content/{folder}/{d['attachment']}", pdf)
            if hg:
                hg.write(f"content/{folder}/{d['attachment']}", pdf)
            if zl:
                zl.write(f"content/{folder}/{d['attachment']}", pdf)
        else:
            names = {lang: f"documents/{d['year']}/{d['slug']}.{lang}.md" for lang in ("vi", "en")}
        for lang, rel in names.items():
            dv.write(f"content/{rel}", page_file(doc_front(d, lang, False), bodies[(lang, False)]))
            if hg:
                hg.write(f"content/{rel}", page_file(doc_front(d, lang, True), bodies[(lang, True)]))
            zola_write(lang, rel, doc_front(d, lang, False), bodies[(lang, False)],
                       (("types", [d["type"]]), ("issuers", [d["issuer"][0]]), ("docyears", [str(d["year"])])))

    docs_by_year = {}
    for d in docs:
        docs_by_year.setdefault(d["year"], []).append(d)
    for s in stories:
        bodies = story_body(rng, s, docs_by_year, stories)
        for lang in ("vi", "en"):
            rel = f"stories/{s['slug']}.{lang}.md"
            dv.write(f"content/{rel}", page_file(story_front(s, lang, False), bodies[(lang, False)]))
            if hg:
                hg.write(f"content/{rel}", page_file(story_front(s, lang, True), bodies[(lang, True)]))
            zola_write(lang, rel, story_front(s, lang, False), bodies[(lang, False)],
                       (("fields", [s["field"]]), ("units", ["Công đoàn cơ sở " + s["unit"][0]]),
                        ("storyyears", [str(s["year"])])))

    if hg:
        hg.write("hugo.yaml", HUGO_YAML)
        for rel, text in HUGO_LAYOUTS.items():
            hg.write(f"layouts/{rel}", text)

    if zl:
        zl.write("config.toml", ZOLA_CONFIG)
        for rel, text in ZOLA_TEMPLATES.items():
            zl.write(f"templates/{rel}", text)

    summary = (f"gen_corpus: {args.docs} documents and {args.stories} stories per language, "
               f"{len(progress)} progress files; danvan: {dv.files} files, {dv.bytes / 1e6:.1f} MB in {args.out}")
    if hg:
        summary += f"; hugo: {hg.files} files, {hg.bytes / 1e6:.1f} MB in {args.hugo}"
    if zl:
        summary += f"; zola: {zl.files} files, {zl.bytes / 1e6:.1f} MB in {args.zola}"
    print(summary)


if __name__ == "__main__":
    main()
