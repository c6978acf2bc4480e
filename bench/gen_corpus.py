#!/usr/bin/env python3
"""Generate a synthetic corpus for the tiendo-vs-Hugo benchmark.

    gen_corpus.py --entries N [--localities L] --out DIR

writes two sites that hold the same records:

  DIR/tiendo/content/   a tiendo site (site.yaml, plan.md, goals/, agencies.yaml,
                        localities.yaml, tasks/, progress/<year>/<month>/*.md, media/)
  DIR/hugo/             an equivalent Hugo site (hugo.yaml, content/, layouts/, static/)

Every name is synthetic ("Xã Thử nghiệm 0001", "Sở Thử nghiệm 03"): nothing here is
a real commune, agency or report, and every progress entry is `illustrative: true`.
The output depends only on the arguments (fixed seed, no clock, no hash order).
Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
import time
import unicodedata

SEED = 20261124
DEFAULT_AS_OF = "2026-11-24"
FIRST_REPORT = dt.date(2026, 3, 20)  # the plan is issued on 2026-03-16
BASE_URL = "https://example.org/thu-nghiem/"
PAGE_SIZE = 20
FEED_LIMIT = 50  # entries in the progress feed (Hugo: services.rss.limit)

STATUS_LABELS = {
    "planned": "Dự kiến",
    "in_progress": "Đang thực hiện",
    "done": "Hoàn thành",
    "blocked": "Vướng mắc",
}

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# --------------------------------------------------------------------------- text pools

TASK_VERBS = [
    "Rà soát", "Đánh giá", "Kiện toàn", "Tổ chức tập huấn về", "Xây dựng quy chế về",
    "Tuyên truyền, phổ biến", "Kiểm tra, giám sát", "Sơ kết việc thực hiện",
    "Hướng dẫn triển khai", "Tổng hợp, báo cáo kết quả",
]
TASK_OBJECTS = [
    "đội ngũ cán bộ cơ sở", "công tác dân vận ở cơ sở", "quy chế làm việc của cấp ủy",
    "chuyển đổi số trong cơ quan cấp xã", "chất lượng sinh hoạt chi bộ",
    "việc tiếp công dân định kỳ", "bộ phận một cửa cấp xã", "công tác phát triển đảng viên",
    "quy chế dân chủ ở cơ sở", "việc giải quyết kiến nghị của cử tri",
    "công tác quy hoạch cán bộ", "việc bồi dưỡng kỹ năng cho cán bộ trẻ",
    "hệ thống văn bản hướng dẫn", "cơ sở dữ liệu cán bộ, công chức",
    "mô hình dân vận khéo", "phong trào thi đua ở cơ sở",
]
SENTENCES = [
    "Các bộ phận chuyên môn đã phân công cán bộ theo dõi từng đầu việc và báo cáo định kỳ hằng tháng.",
    "Việc triển khai bám sát kế hoạch, bảo đảm đúng tiến độ và yêu cầu về chất lượng.",
    "Cấp ủy đã tổ chức họp chuyên đề để thống nhất cách làm và phân công trách nhiệm cụ thể.",
    "Một số nội dung cần thêm thời gian do phải chờ ý kiến của các cơ quan phối hợp.",
    "Kết quả bước đầu được cán bộ, đảng viên và nhân dân đồng tình, ủng hộ.",
    "Đơn vị đã cập nhật số liệu lên hệ thống theo dõi chung để các cơ quan cùng nắm bắt.",
    "Công tác kiểm tra, đôn đốc được duy trì thường xuyên, kịp thời chấn chỉnh những hạn chế.",
    "Các ý kiến góp ý của cơ sở đã được tổng hợp và tiếp thu trong quá trình hoàn thiện.",
    "Việc phối hợp giữa các cơ quan liên quan được thực hiện chặt chẽ, thông tin đầy đủ.",
    "Nội dung báo cáo được xây dựng trên cơ sở số liệu tổng hợp từ các bộ phận chuyên môn.",
    "Kinh phí thực hiện được bố trí trong dự toán thường xuyên của đơn vị.",
    "Đơn vị tiếp tục theo dõi, đánh giá để kịp thời đề xuất điều chỉnh khi cần thiết.",
    "Các tài liệu hướng dẫn đã được gửi đến từng chi bộ và tổ chức đoàn thể trực thuộc.",
    "Trong quá trình thực hiện đã phát hiện một số vướng mắc và kịp thời báo cáo cấp trên.",
    "Số liệu trong báo cáo này là số liệu minh họa, chỉ dùng để thử nghiệm hệ thống.",
]
LIST_ITEMS = [
    "Tổ chức {n} hội nghị quán triệt đến cán bộ, đảng viên",
    "Rà soát {n} hồ sơ cán bộ theo tiêu chí của kế hoạch",
    "Ban hành {n} văn bản hướng dẫn, đôn đốc thực hiện",
    "Tập huấn cho {n} lượt cán bộ, công chức",
    "Tiếp nhận và xử lý {n} ý kiến, kiến nghị của người dân",
    "Kiểm tra {n} chi bộ trực thuộc",
    "Cập nhật {n} hồ sơ lên cơ sở dữ liệu dùng chung",
    "Biểu dương {n} tập thể có cách làm hiệu quả",
    "Tổ chức {n} buổi đối thoại với đoàn viên, hội viên",
    "Hoàn thiện {n} quy chế, quy định nội bộ",
]
DIFFICULTIES = [
    "Khó khăn chủ yếu là thời gian triển khai ngắn trong khi khối lượng công việc lớn.",
    "Một số cán bộ kiêm nhiệm nhiều việc nên việc tổng hợp số liệu còn chậm.",
    "Cơ sở vật chất phục vụ chuyển đổi số ở một số nơi còn hạn chế.",
    "Việc phối hợp cung cấp thông tin giữa một số bộ phận chưa thật kịp thời.",
]
PROPOSALS = [
    "Đề nghị cơ quan thường trực sớm ban hành hướng dẫn thống nhất về biểu mẫu báo cáo.",
    "Kiến nghị bổ sung kinh phí tập huấn cho cán bộ cơ sở trong quý tới.",
    "Đề xuất tổ chức hội nghị sơ kết để chia sẻ kinh nghiệm giữa các đơn vị.",
    "Đề nghị tăng cường kiểm tra, hỗ trợ đối với những nơi còn chậm tiến độ.",
]
ENTRY_PHRASES = {
    "planned": "kế hoạch triển khai",
    "in_progress": "tiến độ",
    "done": "hoàn thành",
    "blocked": "vướng mắc khi thực hiện",
}
AFTER_CONDITION = "sau khi có văn bản chỉ đạo của Trung ương (thử nghiệm)"


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def q(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(nfc(s), ensure_ascii=False)


# --------------------------------------------------------------------------- records


def make_agencies(count: int) -> list[dict]:
    """`count` agencies: the standing body, a provincial party committee of the
    government bloc, party boards, departments under it, front bodies, media,
    schools, and the communes' party committees (who report per-locality tasks)."""
    out = [
        {"id": "ban-thuong-truc-thu-nghiem", "name": "Ban Thường trực Thử nghiệm",
         "short": "BTT Thử nghiệm", "kind": "party", "standing": True},
        {"id": "dang-uy-ubnd-thu-nghiem", "name": "Đảng ủy UBND tỉnh Thử nghiệm",
         "short": "ĐU UBND Thử nghiệm", "kind": "party"},
        {"id": "dang-uy-xa-phuong-thu-nghiem", "name": "Đảng ủy các xã, phường (thử nghiệm)",
         "short": "ĐU xã, phường", "kind": "commune"},
    ]
    rest = max(0, count - len(out))
    # Shares of the remaining agencies by kind, in order.
    plan = [("government", 0.48), ("party", 0.27), ("front", 0.11), ("media", 0.08), ("school", 0.06)]
    sizes = [int(rest * share) for _, share in plan]
    sizes[0] += rest - sum(sizes)
    prefix = {"government": ("so", "Sở"), "party": ("ban", "Ban"), "front": ("doan-the", "Đoàn thể"),
              "media": ("bao", "Báo"), "school": ("truong", "Trường")}
    for (kind, _), size in zip(plan, sizes):
        slug, word = prefix[kind]
        for i in range(1, size + 1):
            a = {"id": f"{slug}-thu-nghiem-{i:02d}", "name": f"{word} Thử nghiệm {i:02d}",
                 "short": f"{word} TN{i:02d}", "kind": kind}
            if kind == "government":
                a["parent"] = "dang-uy-ubnd-thu-nghiem"
            out.append(a)
    return out


def make_localities(count: int) -> list[dict]:
    out = []
    for i in range(1, count + 1):
        if i % 7 == 0:
            out.append({"id": f"phuong-thu-nghiem-{i:04d}", "name": f"Phường Thử nghiệm {i:04d}", "kind": "phuong"})
        else:
            out.append({"id": f"xa-thu-nghiem-{i:04d}", "name": f"Xã Thử nghiệm {i:04d}", "kind": "xa"})
    return out


def make_goals(count: int) -> list[dict]:
    titles = [
        "Nâng cao chất lượng đội ngũ cán bộ cơ sở",
        "Đổi mới phương thức dân vận ở cơ sở",
        "Đẩy mạnh chuyển đổi số ở cấp xã",
        "Tăng cường kiểm tra, giám sát",
        "Phát huy quyền làm chủ của nhân dân",
        "Xây dựng tổ chức cơ sở đảng vững mạnh",
    ]
    return [
        {"id": f"muc-tieu-thu-nghiem-{i}", "title": f"{titles[(i - 1) % len(titles)]} (thử nghiệm {i})", "order": i}
        for i in range(1, count + 1)
    ]


def deadline(rng: random.Random) -> tuple[object, str | None, str | None]:
    """(the `due` YAML text or None, due_text, hugo `due` code): every form the plan uses."""
    r = rng.random()
    if r < 0.30:
        m = rng.randint(4, 12)
        return f"2026-{m:02d}", f"hoàn thành trong tháng {m}/2026", f"2026-{m:02d}"
    if r < 0.50:
        y, qn = rng.choice([(2026, 2), (2026, 3), (2026, 4), (2027, 1)])
        return f"{y}-Q{qn}", f"thực hiện trong quý {ROMAN[qn]}/{y}", f"{y}-Q{qn}"
    if r < 0.65:
        d = dt.date(2026, 4, 30) + dt.timedelta(days=rng.randint(0, 300))
        return d.isoformat(), f"hoàn thành trước ngày {d.day}/{d.month}/{d.year}", d.isoformat()
    if r < 0.85:
        return "ongoing", "thực hiện thường xuyên", "ongoing"
    if r < 0.92:
        return "after", AFTER_CONDITION, "after"
    return None, None, None


def make_tasks(rng: random.Random, count: int, agencies: list[dict], goals: list[dict]) -> list[dict]:
    commune = next(a["id"] for a in agencies if a["kind"] == "commune")
    leads = [a["id"] for a in agencies if a["kind"] != "commune"]
    others = [a["id"] for a in agencies]
    tasks = []
    for k in range(1, count + 1):
        per_locality = k % 10 == 0  # every tenth task: each commune/ward reports on it
        lead = commune if per_locality else leads[(k - 1) % len(leads)]
        verb = TASK_VERBS[rng.randrange(len(TASK_VERBS))]
        obj = TASK_OBJECTS[rng.randrange(len(TASK_OBJECTS))]
        due, due_text, due_code = deadline(rng)
        support = sorted({rng.choice(others) for _ in range(rng.randint(0, 3))} - {lead})
        task_goals = sorted({g["id"] for g in rng.sample(goals, min(len(goals), rng.randint(1, 2)))})
        t = {
            "id": f"nhiem-vu-thu-nghiem-{k:03d}",
            "title": f"{verb} {obj} (nhiệm vụ thử nghiệm {k:03d})",
            "object": obj,
            "lead": lead,
            "support": support,
            "goals": task_goals,
            "due": due,
            "due_text": due_text,
            "due_code": due_code,
            "per_locality": per_locality,
            "section": f"III.{(k - 1) % 11 + 1}",
            "description": None,
        }
        if k % 2 == 0:
            t["description"] = nfc(
                f"{verb} {obj} trên phạm vi toàn tỉnh (thử nghiệm).\n\n"
                f"- Cơ quan chủ trì xây dựng kế hoạch chi tiết, phân công cán bộ theo dõi.\n"
                f"- Các cơ quan phối hợp cung cấp thông tin, số liệu *đúng hạn*.\n"
                f"- Báo cáo kết quả về cơ quan thường trực theo định kỳ.\n"
            )
        tasks.append(t)
    return tasks


# --------------------------------------------------------------------------- entries


def entry_body(rng: random.Random, who: str, task: dict) -> str:
    s = SENTENCES
    p1 = (f"Trong kỳ báo cáo, {who} tiếp tục triển khai nhiệm vụ *{task['object']}* theo kế hoạch. "
          + " ".join(rng.sample(s, 3)))
    items = rng.sample(LIST_ITEMS, rng.randint(3, 5))
    lst = "\n".join(f"- {it.format(n=rng.randint(2, 60))}" for it in items)
    p2 = " ".join(rng.sample(s, 2)) + " Đây là **số liệu minh họa**, không phải báo cáo thật."
    p3 = rng.choice(DIFFICULTIES) + " " + rng.choice(PROPOSALS)
    return nfc(f"{p1}\n\n**Kết quả chính:**\n\n{lst}\n\n{p2}\n\n{p3}\n")


def yaml_list(ids: list[str]) -> str:
    return "[" + ", ".join(ids) + "]"


def write(path: str, text: str, made: set[str]) -> None:
    d = os.path.dirname(path)
    if d not in made:
        os.makedirs(d, exist_ok=True)
        made.add(d)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def generate(n: int, n_loc: int, out: str, as_of: dt.date, n_tasks: int, n_agencies: int,
             n_goals: int, seed: int) -> dict:
    rng = random.Random(seed)
    agencies = make_agencies(n_agencies)
    localities = make_localities(n_loc)
    goals = make_goals(n_goals)
    tasks = make_tasks(rng, n_tasks, agencies, goals)
    agency_by_id = {a["id"]: a for a in agencies}
    per_loc = [t for t in tasks if t["per_locality"]]
    single = [t for t in tasks if not t["per_locality"]]
    by_lead: dict[str, list[dict]] = {}
    for t in single:
        by_lead.setdefault(t["lead"], []).append(t)
    media = [f"media/thu-nghiem/tai-lieu-{i:02d}.txt" for i in range(1, 6)]

    tdir = os.path.join(out, "tiendo", "content")
    hdir = os.path.join(out, "hugo")
    hc = os.path.join(hdir, "content")
    for d in (os.path.join(out, "tiendo"), hdir):
        if os.path.exists(d):
            shutil.rmtree(d)
    made: set[str] = set()

    # ---- site settings, plan, goals
    title = f"Kế hoạch thử nghiệm hiệu năng ({n} báo cáo)"
    publisher = "Cơ quan thử nghiệm"
    write(os.path.join(tdir, "site.yaml"), nfc(
        f"title: {q(title)}\n"
        f"description: {q('Cổng theo dõi tiến độ dùng dữ liệu tổng hợp để đo hiệu năng.')}\n"
        f"base_url: {q(BASE_URL)}\n"
        "language: vi\n"
        'timezone: "+07:00"\n'
        f"as_of: {as_of.isoformat()}\n"
        f"publisher: {q(publisher)}\n"
        "demo: true\n"
        f"page_size: {PAGE_SIZE}\n"), made)

    plan_body = nfc(
        "## I. MỤC ĐÍCH, YÊU CẦU\n\n"
        "1. Văn bản kế hoạch **thử nghiệm**, dùng để đo hiệu năng của công cụ xây dựng trang.\n"
        "2. Mọi cơ quan, địa phương và báo cáo trong kho dữ liệu này đều là *giả định*.\n\n"
        "## II. NỘI DUNG\n\nXem các mục tiêu và nhiệm vụ.\n")
    plan_fm = (
        "id: ke-hoach-thu-nghiem\n"
        f"title: {q('Kế hoạch thử nghiệm hiệu năng')}\n"
        f"issuer: {q('Cơ quan ban hành thử nghiệm')}\n"
        "issued_on: 2026-03-16\n"
        f"number: {q('01-KH/TN')}\n"
        f"signed_by: {q('Người ký thử nghiệm')}\n"
        f"signer_title: {q('Chức danh thử nghiệm')}\n"
        "legal_basis:\n"
        f"  - {{ref: {q('01-TB/TN')}, date: 2026-03-07, issuer: {q('Cơ quan thử nghiệm trung ương')}, title: {q('Thông báo thử nghiệm')}}}\n"
        f"summary: {q('Kế hoạch giả định dùng cho phép đo hiệu năng.')}\n")
    write(os.path.join(tdir, "plan.md"), nfc(f"---\n{plan_fm}---\n{plan_body}"), made)
    write(os.path.join(hc, "ke-hoach.md"), nfc(
        f"---\ntitle: {q('Kế hoạch thử nghiệm hiệu năng')}\nnumber: {q('01-KH/TN')}\n"
        f"issuer: {q('Cơ quan ban hành thử nghiệm')}\nissued_on: 2026-03-16\n"
        f"signed_by: {q('Người ký thử nghiệm')}\nsigner_title: {q('Chức danh thử nghiệm')}\n"
        "legal_basis:\n"
        f"  - {{ref: {q('01-TB/TN')}, date: 2026-03-07, issuer: {q('Cơ quan thử nghiệm trung ương')}, title: {q('Thông báo thử nghiệm')}}}\n"
        f"url: /ke-hoach/\n---\n{plan_body}"), made)

    tasks_of_goal: dict[str, list[str]] = {g["id"]: [] for g in goals}
    for t in tasks:
        for g in t["goals"]:
            tasks_of_goal[g].append(t["id"])
    write(os.path.join(hc, "muc-tieu", "_index.md"), nfc(f"---\ntitle: {q('Mục tiêu')}\n---\n"), made)
    for g in goals:
        body = nfc("- Giải pháp thử nghiệm thứ nhất của mục tiêu này.\n"
                   "- Giải pháp thử nghiệm thứ hai, **trọng tâm** của năm 2026.\n")
        write(os.path.join(tdir, "goals", f"{g['id']}.md"), nfc(
            f"---\nid: {g['id']}\ntitle: {q(g['title'])}\norder: {g['order']}\nsection: \"II.{g['order']}\"\n---\n{body}"), made)
        write(os.path.join(hc, "muc-tieu", f"{g['id']}.md"), nfc(
            f"---\ntitle: {q(g['title'])}\nweight: {g['order']}\n"
            f"tasks: {yaml_list(tasks_of_goal[g['id']])}\n---\n{body}"), made)

    # ---- agencies
    lines = []
    for a in agencies:
        lines.append(f"- id: {a['id']}\n  name: {q(a['name'])}\n  short: {q(a['short'])}\n  kind: {a['kind']}\n")
        if a.get("parent"):
            lines.append(f"  parent: {a['parent']}\n")
        if a.get("standing"):
            lines.append("  standing: true\n")
    write(os.path.join(tdir, "agencies.yaml"), nfc("# Synthetic agencies for the benchmark.\n" + "".join(lines)), made)
    led: dict[str, list[str]] = {a["id"]: [] for a in agencies}
    for t in tasks:
        led[t["lead"]].append(t["id"])
    write(os.path.join(hc, "co-quan", "_index.md"), nfc(f"---\ntitle: {q('Cơ quan')}\n---\n"), made)
    for a in agencies:
        fm = f"title: {q(a['name'])}\nshort: {q(a['short'])}\nkind: {a['kind']}\n"
        if a.get("parent"):
            fm += f"parent: {a['parent']}\n"
        if a.get("standing"):
            fm += "standing: true\n"
        fm += f"tasks: {yaml_list(led[a['id']])}\n"
        # tiendo writes a feed for every agency and every locality (not per task).
        fm += "outputs: [html, rss]\n"
        write(os.path.join(hc, "co-quan", a["id"], "_index.md"), nfc(f"---\n{fm}---\n"), made)

    # ---- localities
    write(os.path.join(tdir, "localities.yaml"), nfc(
        "# Synthetic communes and wards for the benchmark (not real names).\n"
        + "".join(f"- {{id: {l['id']}, name: {q(l['name'])}, kind: {l['kind']}}}\n" for l in localities)), made)
    write(os.path.join(hc, "dia-phuong", "_index.md"), nfc(f"---\ntitle: {q('Xã, phường')}\n---\n"), made)
    for l in localities:
        write(os.path.join(hc, "dia-phuong", l["id"], "_index.md"),
              nfc(f"---\ntitle: {q(l['name'])}\nkind: {l['kind']}\noutputs: [html, rss]\n---\n"), made)

    # ---- tasks (tiendo: one file per lead agency)
    write(os.path.join(hc, "nhiem-vu", "_index.md"), nfc(f"---\ntitle: {q('Nhiệm vụ')}\n---\n"), made)
    for lead in sorted(led):
        if not led[lead]:
            continue
        chunks = []
        for t in (t for t in tasks if t["lead"] == lead):
            c = f"- id: {t['id']}\n  title: {q(t['title'])}\n  lead: {t['lead']}\n"
            if t["support"]:
                c += f"  support: {yaml_list(t['support'])}\n"
            c += f"  goals: {yaml_list(t['goals'])}\n"
            if t["due"] == "after":
                c += f"  due: {{after: {q(AFTER_CONDITION)}}}\n"
            elif t["due"] is not None:
                c += f"  due: {t['due']}\n"
            if t["due_text"]:
                c += f"  due_text: {q(t['due_text'])}\n"
            if t["per_locality"]:
                c += "  per_locality: true\n"
            c += f"  section: {q(t['section'])}\n"
            if t["description"]:
                c += "  description: |\n" + "".join(f"    {ln}\n" if ln else "\n" for ln in t["description"].rstrip("\n").split("\n"))
            chunks.append(c)
        write(os.path.join(tdir, "tasks", f"{lead}.yaml"), nfc("".join(chunks)), made)
    for t in tasks:
        fm = f"title: {q(t['title'])}\nlead: {t['lead']}\n"
        if t["support"]:
            fm += f"support: {yaml_list(t['support'])}\n"
        fm += f"goals: {yaml_list(t['goals'])}\n"
        if t["due_code"]:
            fm += f"due: {q(t['due_code'])}\ndue_text: {q(t['due_text'])}\n"
        if t["per_locality"]:
            fm += "per_locality: true\n"
        fm += f"section: {q(t['section'])}\n"
        write(os.path.join(hc, "nhiem-vu", t["id"], "_index.md"),
              nfc(f"---\n{fm}---\n{t['description'] or ''}"), made)

    # ---- media
    for m in media:
        text = nfc("Tài liệu minh họa cho phép đo hiệu năng, không phải văn bản thật.\n")
        write(os.path.join(tdir, m), text, made)
        write(os.path.join(hdir, "static", m), text, made)

    # ---- progress entries
    write(os.path.join(hc, "tien-do", "_index.md"), nfc(
        f"---\ntitle: {q('Tiến độ')}\noutputs: [html, rss]\n---\n"), made)
    span = (as_of - FIRST_REPORT).days
    statuses = ["planned", "in_progress", "done", "blocked"]
    weights = [0.12, 0.50, 0.28, 0.10]
    bytes_body = 0
    # What a real site's reports have that clean data does not, drawn from a generator
    # of its own so that the rest of the corpus is what it was without it: a report
    # "done" with no evidence given (a warning), a link to a page of an old portal the
    # site does not have (a warning placed in the Markdown body), no percentage, and a
    # one-line text. About 2,200 warnings at 10,000 entries.
    mess = random.Random(seed + 1)
    warnings = 0
    for i in range(1, n + 1):
        date = FIRST_REPORT + dt.timedelta(days=rng.randint(0, span))
        status = rng.choices(statuses, weights)[0]
        locality = None
        extra_task = None
        if per_loc and rng.random() < 0.6:
            task = rng.choice(per_loc)
            locality = rng.choice(localities)
            reporter = task["lead"]
            who = locality["name"]
            e_title = f"{locality['name']}: {ENTRY_PHRASES[status]} {task['object']}"
        else:
            task = rng.choice(single)
            reporter = task["lead"]
            if task["support"] and rng.random() < 0.2:
                reporter = rng.choice(task["support"])
            if rng.random() < 0.15:
                locality = rng.choice(localities)
            siblings = [t for t in by_lead.get(task["lead"], []) if t is not task]
            if siblings and rng.random() < 0.04:
                extra_task = rng.choice(siblings)
            who = agency_by_id[reporter]["name"]
            e_title = f"{agency_by_id[reporter]['short']}: {ENTRY_PHRASES[status]} {task['object']}"
        task_ids = [task["id"]] + ([extra_task["id"]] if extra_task else [])
        percent = None
        if status == "done":
            percent = 100
        elif status == "in_progress" and rng.random() < 0.7:
            percent = rng.randrange(10, 95, 5)
        elif status == "blocked" and rng.random() < 0.5:
            percent = rng.randrange(5, 80, 5)
        no_evidence = status == "done" and mess.random() < 0.25
        old_link = mess.random() < 0.15
        one_line = mess.random() < 0.10
        if percent is not None and status != "done" and mess.random() < 0.2:
            percent = None
        ev = []
        if status == "done" or rng.random() < 0.25:
            ev_date = max(FIRST_REPORT, date - dt.timedelta(days=rng.randint(0, 5)))
            short = agency_by_id[reporter]["short"].split()[-1]
            ev.append(f"  - {{ref: {q(f'{rng.randint(1, 999)}-BC/{short}')}, date: {ev_date.isoformat()}, "
                      f"title: {q('Báo cáo kết quả thực hiện (minh họa)')}}}\n")
        if rng.random() < 0.1:
            ev.append(f"  - {{url: {q(f'{BASE_URL}van-ban/{i:06d}')}, title: {q('Văn bản minh họa')}}}\n")
        if no_evidence:
            ev = ev[1:]  # the report's own number left out (a link may remain)
        warnings += (status == "done" and not ev) + old_link
        attachments = [rng.choice(media)] if rng.random() < 0.05 else []
        condition_met = (extra_task is None and task["due"] == "after"
                         and status in ("in_progress", "done") and rng.random() < 0.4)
        body = entry_body(rng, who, task)
        if one_line:
            body = body.split("\n", 1)[0] + "\n"
        if old_link:
            body += nfc(f"\nXem thêm [bản tin trên cổng cũ](/tin-tuc/ban-tin-{i:06d}/).\n")
        bytes_body += len(body.encode("utf-8"))

        common = f"title: {q(e_title)}\ndate: {date.isoformat()}\nstatus: {status}\n"
        if percent is not None:
            common += f"percent: {percent}\n"
        if attachments:
            common += f"attachments: {yaml_list(attachments)}\n"
        if ev:
            common += "evidence:\n" + "".join(ev)
        if condition_met:
            common += "condition_met: true\n"
        common += "illustrative: true\n"

        t_fm = common
        if extra_task:
            t_fm += f"tasks: {yaml_list(task_ids)}\n"
        else:
            t_fm += f"task: {task['id']}\n"
        t_fm += f"reporter: {reporter}\n"
        if locality:
            t_fm += f"locality: {locality['id']}\n"
        h_fm = common + f"nhiem-vu: {yaml_list(task_ids)}\nco-quan: [{reporter}]\n"
        if locality:
            h_fm += f"dia-phuong: [{locality['id']}]\n"

        name = f"bao-cao-{i:06d}.md"
        sub = os.path.join(f"{date.year}", f"{date.month:02d}", name)
        write(os.path.join(tdir, "progress", sub), nfc(f"---\n{t_fm}---\n{body}"), made)
        write(os.path.join(hc, "tien-do", sub), nfc(f"---\n{h_fm}---\n{body}"), made)

    write_hugo_site(hdir, title, publisher, made)
    return {
        "entries": n, "localities": n_loc, "tasks": len(tasks), "agencies": len(agencies),
        "goals": len(goals), "mean_body_bytes": bytes_body // max(n, 1),
        "entry_warnings": warnings,
    }


# --------------------------------------------------------------------------- Hugo site

HUGO_CONFIG = """\
# Equivalent Hugo site for the tiendo benchmark (generated by bench/gen_corpus.py).
baseURL: "{base_url}"
title: {title}
defaultContentLanguage: vi
timeZone: Asia/Ho_Chi_Minh
# Every entry is dated on or before the as-of date; build them whatever today is.
buildFuture: true
enableRobotsTXT: false
disableKinds: []
pagination:
  pagerSize: {page_size}
  path: trang
  disableAliases: true
taxonomies:
  task: nhiem-vu
  agency: co-quan
  locality: dia-phuong
permalinks:
  page:
    tien-do: /tien-do/:contentbasename/
# HTML only, plus the sitemap; the progress section, each agency and each locality
# add their feed in their _index.md (as tiendo writes one for each).
outputs:
  home: [html]
  page: [html]
  section: [html]
  taxonomy: [html]
  term: [html]
services:
  rss:
    limit: {feed_limit}
params:
  publisher: {publisher}
  demo: true
  status_labels:
{status_labels}
"""

LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
{{ $desc := or .Description (.Summary | plainify | truncate 160) }}
{{ with $desc }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
<meta property="og:type" content="{{ if .IsPage }}article{{ else }}website{{ end }}">
<meta property="og:site_name" content="{{ site.Title }}">
<meta property="og:title" content="{{ .Title }}">
{{ with $desc }}<meta property="og:description" content="{{ . }}">{{ end }}
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:locale" content="vi_VN">
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="{{ .Title }}">
{{ with $desc }}<meta name="twitter:description" content="{{ . }}">{{ end }}
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{ with site.GetPage "/tien-do" }}{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}" title="{{ site.Title }}">{{ end }}{{ end }}
</head>
<body>
<header>
<a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<form role="search" action="{{ "tim-kiem/" | relURL }}" method="get"><label for="q">Tìm kiếm</label> <input type="search" id="q" name="q"> <button type="submit">Tìm kiếm</button></form>
<nav>
<a href="{{ "ke-hoach/" | relURL }}">Kế hoạch</a>
<a href="{{ "nhiem-vu/" | relURL }}">Nhiệm vụ</a>
<a href="{{ "co-quan/" | relURL }}">Cơ quan</a>
<a href="{{ "dia-phuong/" | relURL }}">Xã, phường</a>
<a href="{{ "tien-do/" | relURL }}">Tiến độ</a>
</nav>
</header>
{{ if site.Params.demo }}<p class="demo">Dữ liệu tiến độ trên trang này là dữ liệu minh họa.</p>{{ end }}
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>{{ site.Params.publisher }}</footer>
</body>
</html>
""",
    "home.html": """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ with site.GetPage "/ke-hoach" }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}
<h2>Mục tiêu</h2>
<ul>{{ range (site.GetPage "/muc-tieu").Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
<h2>Báo cáo mới nhất</h2>
<ul class="entries">{{ range first 10 (site.GetPage "/tien-do").Pages }}{{ partial "entry-item.html" . }}{{ end }}</ul>
{{ end }}
""",
    "single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Params.number }}<p>Số {{ . }}{{ with $.Params.issuer }} · {{ . }}{{ end }}</p>{{ end }}
{{ .Content }}
{{ with .Params.legal_basis }}<h2>Căn cứ</h2><ul>{{ range . }}<li>{{ .ref }} ngày {{ time.Format "02/01/2006" .date }} của {{ .issuer }}: {{ .title }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.tasks }}<h2>Nhiệm vụ</h2><ul>{{ range . }}{{ with site.GetPage (printf "/nhiem-vu/%s" .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul>{{ end }}
</article>
{{ end }}
""",
    "tien-do/single.html": """\
{{ define "main" }}
<article class="entry">
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "02/01/2006" }}</time>
· <span class="status status-{{ .Params.status }}">{{ index site.Params.status_labels .Params.status }}</span>{{ with .Params.percent }} · {{ . }}%{{ end }}</p>
{{ if .Params.illustrative }}<p class="illustrative">Báo cáo minh họa, không phải báo cáo thật.</p>{{ end }}
<dl>
<dt>Nhiệm vụ</dt>{{ range .GetTerms "nhiem-vu" }}<dd><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></dd>{{ end }}
<dt>Đơn vị báo cáo</dt>{{ range .GetTerms "co-quan" }}<dd><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></dd>{{ end }}
{{ with .GetTerms "dia-phuong" }}<dt>Địa phương</dt>{{ range . }}<dd><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></dd>{{ end }}{{ end }}
{{ if .Params.condition_met }}<dt>Điều kiện</dt><dd>Đã có điều kiện để thực hiện</dd>{{ end }}
</dl>
<div class="body">{{ .Content }}</div>
{{ with .Params.evidence }}<h2>Căn cứ</h2><ul>{{ range . }}<li>{{ with .ref }}Số {{ . }} {{ end }}{{ with .date }}ngày {{ time.Format "02/01/2006" . }} {{ end }}{{ with .url }}<a href="{{ . }}">{{ . }}</a> {{ end }}{{ with .title }}{{ . }}{{ end }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.attachments }}<h2>Tài liệu</h2><ul>{{ range . }}<li><a href="{{ . | relURL }}">{{ path.Base . }}</a></li>{{ end }}</ul>{{ end }}
</article>
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ $p := .Paginate .Pages }}
<ul class="entries">{{ range $p.Pages }}{{ if eq .Section "tien-do" }}{{ partial "entry-item.html" . }}{{ else }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul>
{{ partial "pager.html" $p }}
{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="directory">{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.due_text }} · {{ . }}{{ end }} ({{ len .Pages }})</li>{{ end }}</ul>
{{ end }}
""",
    "term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ partial (printf "term-%s.html" .Data.Singular) . }}
{{ .Content }}
{{ $p := .Paginate .Pages }}
<h2>Báo cáo tiến độ</h2>
<ul class="entries">{{ range $p.Pages }}{{ partial "entry-item.html" . }}{{ end }}</ul>
{{ partial "pager.html" $p }}
{{ end }}
""",
    "_partials/entry-item.html": """\
<li><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "02/01/2006" }}</time>
<a href="{{ .RelPermalink }}">{{ .Title }}</a>
<span class="status status-{{ .Params.status }}">{{ index site.Params.status_labels .Params.status }}</span>
{{ range .GetTerms "nhiem-vu" }}· <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ range .GetTerms "dia-phuong" }}· <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</li>
""",
    "_partials/pager.html": """\
{{ if gt .TotalPages 1 }}<nav class="pager">
{{ with .Prev }}<a rel="prev" href="{{ .URL }}">Trang trước</a>{{ end }}
<span>Trang {{ .PageNumber }}/{{ .TotalPages }}</span>
{{ with .Next }}<a rel="next" href="{{ .URL }}">Trang sau</a>{{ end }}
</nav>{{ end }}
""",
    "_partials/term-task.html": """\
<dl>
{{ with site.GetPage (printf "/co-quan/%s" .Params.lead) }}<dt>Chủ trì</dt><dd><a href="{{ .RelPermalink }}">{{ .Title }}</a></dd>{{ end }}
{{ with .Params.support }}<dt>Phối hợp</dt>{{ range . }}{{ with site.GetPage (printf "/co-quan/%s" .) }}<dd><a href="{{ .RelPermalink }}">{{ .Title }}</a></dd>{{ end }}{{ end }}{{ end }}
{{ with .Params.goals }}<dt>Mục tiêu</dt>{{ range . }}{{ with site.GetPage (printf "/muc-tieu/%s" .) }}<dd><a href="{{ .RelPermalink }}">{{ .Title }}</a></dd>{{ end }}{{ end }}{{ end }}
<dt>Thời hạn</dt><dd>{{ with .Params.due_text }}{{ . }}{{ else }}Không nêu thời hạn{{ end }}</dd>
{{ with index .Pages 0 }}<dt>Báo cáo gần nhất</dt><dd>{{ .Date.Format "02/01/2006" }} · {{ index site.Params.status_labels .Params.status }}</dd>{{ end }}
{{ if .Params.per_locality }}<dt>Phạm vi</dt><dd>Mỗi xã, phường báo cáo riêng</dd>{{ end }}
</dl>
""",
    "_partials/term-agency.html": """\
<dl>
<dt>Loại</dt><dd>{{ .Params.kind }}</dd>
{{ with .Params.parent }}{{ with site.GetPage (printf "/co-quan/%s" .) }}<dt>Trực thuộc</dt><dd><a href="{{ .RelPermalink }}">{{ .Title }}</a></dd>{{ end }}{{ end }}
{{ if .Params.standing }}<dt>Vai trò</dt><dd>Cơ quan thường trực</dd>{{ end }}
</dl>
{{ with .Params.tasks }}<h2>Nhiệm vụ chủ trì</h2><ul>{{ range . }}{{ with site.GetPage (printf "/nhiem-vu/%s" .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.due_text }} · {{ . }}{{ end }}</li>{{ end }}{{ end }}</ul>{{ end }}
""",
    "_partials/term-locality.html": """\
<p>{{ if eq .Params.kind "phuong" }}Phường{{ else }}Xã{{ end }}</p>
""",
}

STYLE_CSS = """\
body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5}
header nav a{margin-right:1rem}
.demo,.illustrative{background:#fff3cd;padding:.5rem}
.status{font-weight:600}
.entries li{margin:.25rem 0}
"""


def write_hugo_site(hdir: str, title: str, publisher: str, made: set[str]) -> None:
    labels = "".join(f"    {k}: {q(v)}\n" for k, v in STATUS_LABELS.items())
    write(os.path.join(hdir, "hugo.yaml"), nfc(HUGO_CONFIG.format(
        base_url=BASE_URL, title=q(title), page_size=PAGE_SIZE, feed_limit=FEED_LIMIT,
        publisher=q(publisher), status_labels=labels.rstrip("\n"))), made)
    write(os.path.join(hdir, "content", "_index.md"),
          nfc(f"---\ntitle: {q(title)}\n---\n"), made)
    for rel, text in LAYOUTS.items():
        write(os.path.join(hdir, "layouts", rel), nfc(text), made)
    write(os.path.join(hdir, "static", "style.css"), STYLE_CSS, made)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entries", type=int, required=True, help="number of progress entries")
    ap.add_argument("--localities", type=int, default=None,
                    help="communes and wards (default: 104 below 10,000 entries, else 3000)")
    ap.add_argument("--out", required=True, help="output folder (its tiendo/ and hugo/ are replaced)")
    ap.add_argument("--tasks", type=int, default=300)
    ap.add_argument("--agencies", type=int, default=40)
    ap.add_argument("--goals", type=int, default=4)
    ap.add_argument("--as-of", default=DEFAULT_AS_OF, help="no entry is dated after it (YYYY-MM-DD)")
    ap.add_argument("--seed", type=int, default=SEED)
    a = ap.parse_args(argv)
    if a.entries < 0 or a.tasks < 10 or a.agencies < 3 or a.goals < 1:
        ap.error("need --entries >= 0, --tasks >= 10, --agencies >= 3, --goals >= 1")
    n_loc = a.localities if a.localities is not None else (104 if a.entries < 10_000 else 3000)
    if n_loc < 1:
        ap.error("--localities must be at least 1")
    as_of = dt.date.fromisoformat(a.as_of)
    if as_of < FIRST_REPORT:
        ap.error(f"--as-of must be on or after {FIRST_REPORT}")
    t0 = time.monotonic()
    stats = generate(a.entries, n_loc, a.out, as_of, a.tasks, a.agencies, a.goals, a.seed)
    stats["seconds"] = round(time.monotonic() - t0, 2)
    print(json.dumps(stats, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
