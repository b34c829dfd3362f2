#!/usr/bin/env python3
"""Deterministic benchmark corpus for bulletin-search (issue 5): the export text format, HTML pages
of the same items for Pagefind, and the ground truth of the benchmark queries.

    python3 bench/gen.py --items N --out DIR [--seed S] [--dict PATH]

writes

    DIR/export/0001.txt …     N items in the export text format, 25 items per issue
    DIR/html/items/<id>.html  one page per item (`<h1>` headline, body `<p>`s, data-pagefind-body)
    DIR/truth.json            the queries and, for each, the ids of the items that contain it
                              (a run-together query: its words, and the items holding all of them)
    DIR/meta.json             counts and the generator's parameters

An item id is `<issue>-<ordinal>`, the `id` of a hit of `bulletin search --json`.

Why Python (stdlib only): the generator needs no crate, so it adds nothing to Cargo.lock or the
workspace, and it runs anywhere `tools/serve.py` runs. Its output depends only on (seed, N,
dictionary): `random.Random(seed)` is the same Mersenne Twister on every CPython 3.

Vocabulary: jieba's dictionary as shipped in the source of the `jieba-rs` crate
(`src/data/dict.txt`), which the core already depends on, so `cargo fetch` has put it on any
machine that builds the project; it is found with `cargo metadata` (the exact version the core
locks). Words are drawn in proportion to jieba's own corpus frequencies, which are Zipf-like.
Mixed in, each from a pool with Zipf(1) ranks: industry terms, organisations, person names the
dictionary does not know, quoted titles 《…》, Latin product names (`GPT-4o`, `Qwen2-VL`, with
and without a space next to CJK) and numbers with units (`300万元`, `10.74 亿`). Headline and
body lengths are drawn from issue 431's 28 items (±25 %).

Ground truth of a query: the items whose text (headline and body, each paragraph on its own)
contains the query verbatim after removing whitespace and lowercasing. A query that starts with a
Latin letter or digit must start a Latin/number token there (`300万元` is not in `1300万元`,
`ai` is not in `openai`); it may end inside one, because the last word of a query matches as a
prefix (`qwe` is in `qwen2`).

Run-together queries (kind `together`, after the fixed ones): two or three words typed without
spaces, as people type them (快手短剧大赛 for an item holding 快手 … 短剧 … 大赛). Each comes from
an item of the corpus: words it was made of (dictionary words, domain terms, organisations; CJK,
2–4 characters) concatenated in the item's order, such that the concatenation itself occurs in
no item. Their ground truth: the items that contain every word verbatim (same normalization),
each word anywhere in the item. They are drawn from a `random.Random` of their own after the
corpus is made, so the corpus and the fixed queries' truth do not depend on them.
"""

import argparse
import bisect
import glob
import html
import json
import os
import random
import re
import subprocess
import sys

ITEMS_PER_ISSUE = 25
FIRST_DATE = (2000, 1, 3)  # a Monday; issue k appears 7 × (k - 1) days later

# (headline chars, body chars without whitespace) of the 28 items of issue 431.
ISSUE_431_LENGTHS = [
    (22, 292), (22, 408), (19, 725), (24, 488), (29, 89), (28, 93), (17, 140), (24, 240),
    (29, 202), (21, 156), (11, 96), (31, 224), (27, 88), (28, 96), (14, 146), (20, 132),
    (15, 161), (17, 130), (18, 126), (18, 110), (12, 99), (17, 59), (24, 53), (14, 86),
    (30, 93), (17, 129), (30, 375), (30, 154),
]
# Items per section in issue 431, in order: the shares of an issue's items.
SECTIONS = [("要闻", 2), ("行业", 14), ("内容", 3), ("技术", 4), ("人事", 3), ("研究", 2)]

DOMAIN_TERMS = """
微短剧 网络视听 短视频 大模型 直播 主播 电视剧 人工智能 融媒体 超高清 广电 视听 综艺 纪录片
动画片 网络剧 版权 算法 智能体 高质量发展 新质生产力 媒体融合 数字化 生成式 内容创作 流量 平台
用户 会员 付费 剧场 精品 创作者 短剧 网络电影 文旅 出海 国际传播 元宇宙 虚拟现实 沉浸式 数据
监管 备案 审核 未成年人 网络安全 产业链 智能终端 有线电视 互联网电视 直播带货 电商 广告 营收
""".split()

ORGANISATIONS = """
国家广播电视总局 中国网络视听协会 中央广播电视总台 腾讯 阿里巴巴 字节跳动 快手 芒果TV 湖南卫视
爱奇艺 优酷 哔哩哔哩 百度 小米 华为 智谱 荣耀 上海广播电视台 北京市广播电视局 新华社 抖音 微信
东方甄选 搜狐视频 中央网信办 工业和信息化部 中国电视艺术委员会 国家互联网信息办公室 咪咕
中国移动 中国电信 中国联通 江苏卫视 浙江卫视 东方卫视 北京广播电视台 人民网 央视频 美团
京东 拼多多 网易 商汤科技 科大讯飞 月之暗面 紫荆文化集团 新东方 联想 海信 创维 TCL
""".split()
PLACES = """
北京 上海 天津 重庆 广东 浙江 江苏 山东 河南 四川 湖北 湖南 福建 安徽 江西 陕西 山西 河北 辽宁
吉林 黑龙江 云南 贵州 广西 海南 甘肃 青海 宁夏 新疆 西藏 内蒙古 深圳 杭州 成都 武汉 西安 长沙
""".split()
ORG_FIELDS = "网络视听 广播电视 融媒体 数字文化 短视频 影视 动漫 电竞 直播电商 视听产业".split()
ORG_KINDS = "协会 中心 研究院 集团 有限公司 产业园 联盟 基地".split()

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐沿梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵解强柴华车冉房边")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志宇浩然子轩梓涵欣怡晨阳思远佳琪雨婷博文嘉怡俊杰诗涵宏亮晓岚嘉树卫东淑敏朝阳学忠天宝国卫辰席")
# Fixed names at fixed ranks of the person pool, so the query list can name them: rank 1 is the
# most frequent name, rank 100 a rare one.
FIXED_PEOPLE = {0: "林晓岚", 9: "贺嘉树", 99: "靳卫东"}
PEOPLE_POOL = 2000

TITLES = """
幸福草 花儿绽放 澳门故事 乐龄读书会 在书店遇见自己 二十四节气密码 下姜村的数字未来梦 鉴心 折眉 难寻
我等海风拥抱你 别打扰我种田 那个重逢的夜晚 大妈的世界 繁花 庆余年 长相思 玫瑰的故事 我的阿勒泰
黑神话 山河锦绣 人世间 漫长的季节 狂飙 三体 流浪地球 国家信息化发展报告 中国网络视听发展研究报告
""".split()

PRODUCTS = """
GPT-4o Qwen2-VL 混元Turbo Gemini Llama-3.1 Claude Sora 可灵AI DeepSeek-V2 ERNIE-4.0 Vision-Pro
iPhone-16 HarmonyOS YouTube Netflix TikTok Omdia CEO App AI 5G 4K 8K VR AR AIGC MCN IP OTT IPTV
Kimi GLM-4 Doubao Hunyuan-Large Vidu MiniMax abab-6.5 Yi-Large PixVerse Runway Midjourney
""".split()
LATIN_HEADS = "Nova Astra Vela Orion Lumen Pulse Echo Zeta Kite Sable Quark Flux Nimbus Helix".split()
LATIN_TAILS = ["7B", "13B", "70B", "Pro", "Max", "Lite", "X", "2", "3.5", "4o", "VL", "Turbo"]
PRODUCT_POOL = 400

ROUND_NUMBERS = [1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000]
UNITS = ["万元", "亿元", "万人次", "亿美元", "万", "亿", "家", "部", "个", "名", "%", "万小时", "亿次"]
DECIMALS_POOL = 300
FIXED_DECIMALS = {4: "10.74"}

# name, kind, query text. Kinds say what each query exercises; the harness groups by nothing.
QUERIES = [
    ("微短剧", "word"),
    ("网络视听", "word"),
    ("大模型", "word"),
    ("主播", "word"),
    ("电视剧", "word"),
    ("发展", "common word"),
    ("高质量发展", "phrase"),
    ("娓娓道来", "rare word"),
    ("林晓岚", "name (head)"),
    ("靳卫东", "name (tail)"),
    ("中国网络视听协会", "organisation"),
    ("国家广播电视总局", "organisation"),
    ("幸福草", "title"),
    ("GPT-4o", "latin"),
    ("Qwen2-VL", "latin"),
    ("混元Turbo", "mixed"),
    ("300万元", "number+unit"),
    ("10.74亿", "number+unit"),
    ("qwe", "latin prefix"),
    ("网络视", "cjk prefix"),
    ("剧", "single character"),
    ("量子纠缠猫", "nonsense"),
]


def is_cjk(c):
    return "\u4e00" <= c <= "\u9fff"


def find_dict():
    """jieba-rs's dict.txt, of the version Cargo.lock pins for the core."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        out = subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked"],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout
        for pkg in json.loads(out)["packages"]:
            if pkg["name"] == "jieba-rs":
                path = os.path.join(os.path.dirname(pkg["manifest_path"]), "src", "data", "dict.txt")
                if os.path.isfile(path):
                    return path
    except (OSError, subprocess.CalledProcessError, ValueError, KeyError):
        pass
    home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    found = sorted(glob.glob(os.path.join(home, "registry/src/*/jieba-rs-*/src/data/dict.txt")))
    if found:
        return found[-1]
    sys.exit("gen.py: jieba's dict.txt not found: run `cargo fetch` in the repository "
             "(jieba-rs is a dependency of the core), or pass --dict PATH")


def load_dict(path):
    words, cum, total = [], [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2 or not all(is_cjk(c) for c in parts[0]) or len(parts[0]) > 4:
                continue
            freq = int(parts[1])
            # Rare single characters (骮, 傗) are dictionary noise, not bulletin prose.
            if freq <= 0 or (len(parts[0]) == 1 and freq < 500):
                continue
            total += freq
            words.append(parts[0])
            cum.append(total)
    if not words:
        sys.exit(f"gen.py: no usable words in {path}")
    return words, cum


class Zipf:
    """Draws from a list with weight 1 / rank."""

    def __init__(self, items):
        self.items = items
        self.cum = []
        total = 0.0
        for r in range(len(items)):
            total += 1.0 / (r + 1)
            self.cum.append(total)

    def draw(self, rng):
        x = rng.random() * self.cum[-1]
        return self.items[min(bisect.bisect_right(self.cum, x), len(self.items) - 1)]


class Corpus:
    def __init__(self, seed, dict_path):
        self.rng = random.Random(seed)
        self.record = None  # see note()
        self.words, self.cum = load_dict(dict_path)
        self.freq = {w: c - p for w, c, p in zip(self.words, self.cum, [0] + self.cum)}
        rng = random.Random(seed ^ 0x5EED)  # the pools do not depend on N
        people = set(FIXED_PEOPLE.values())
        pool = []
        while len(pool) < PEOPLE_POOL:
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
            if name not in people:
                people.add(name)
                pool.append(name)
        for rank, name in FIXED_PEOPLE.items():
            pool.insert(rank, name)
        self.people = Zipf(pool)
        orgs = list(ORGANISATIONS)
        for _ in range(600):
            orgs.append(rng.choice(PLACES) + rng.choice(ORG_FIELDS) + rng.choice(ORG_KINDS))
        self.orgs = Zipf(orgs)
        products = list(PRODUCTS)
        while len(products) < PRODUCT_POOL:
            products.append(rng.choice(LATIN_HEADS) + rng.choice(["-", "", " "]) + rng.choice(LATIN_TAILS))
        self.products = Zipf(products)
        titles = list(TITLES)
        for _ in range(500):
            titles.append("".join(rng.choices(self.words, cum_weights=self.cum, k=rng.randint(2, 4))))
        self.titles = Zipf(titles)
        self.domain = Zipf(DOMAIN_TERMS)
        self.units = Zipf(UNITS)
        decimals = []
        while len(decimals) < DECIMALS_POOL:
            d = f"{rng.randint(1, 99)}.{rng.randint(1, 99):02d}".rstrip("0")
            if d not in decimals and d not in FIXED_DECIMALS.values():
                decimals.append(d)
        for rank, d in FIXED_DECIMALS.items():
            decimals.insert(rank, d)
        self.decimals = Zipf(decimals)

    def space(self):
        return " " if self.rng.random() < 0.5 else ""

    def number(self):
        rng = self.rng
        r = rng.random()
        if r < 0.3:
            n = self.decimals.draw(rng)
        elif r < 0.7:
            n = str(rng.choice(ROUND_NUMBERS))
        else:
            n = str(rng.randint(2, 3000))
        unit = self.units.draw(rng)
        return n + (self.space() if unit != "%" else "") + unit

    def note(self, source, text):
        """Keeps what an item is made of while `self.record` is a list (the run-together queries
        are drawn from it); draws nothing, so the corpus is the same with or without it."""
        if self.record is not None:
            self.record.append((source, text))
        return text

    def token(self):
        """One piece of prose: mostly a dictionary word, sometimes an entity."""
        rng = self.rng
        r = rng.random()
        if r < 0.03:
            return self.note("domain", self.domain.draw(rng))
        if r < 0.04:
            return self.note("org", self.orgs.draw(rng))
        if r < 0.045:
            return self.people.draw(rng)
        if r < 0.049:
            return "《" + self.titles.draw(rng) + "》"
        if r < 0.055:
            return self.space() + self.products.draw(rng) + self.space()
        if r < 0.063:
            return self.space() + self.number() + self.space()
        return self.note("word", rng.choices(self.words, cum_weights=self.cum)[0])

    def clause(self, n):
        return "".join(self.token() for _ in range(n)).strip()

    def paragraph(self, target, lead):
        rng = self.rng
        out, length = [lead] if lead else [], len(lead)
        while length < target:
            sentence = "，".join(self.clause(rng.randint(3, 8)) for _ in range(rng.randint(1, 3))) + "。"
            out.append(sentence)
            length += len(sentence)
        return "".join(out)

    def headline(self, target):
        rng = self.rng
        parts = [self.note("org", self.orgs.draw(rng)) if rng.random() < 0.5
                 else self.note("word", rng.choices(self.words, cum_weights=self.cum)[0])]
        if rng.random() < 0.2:
            parts.append("：")
        length = sum(map(len, parts))
        while length < max(target, 10):
            t = self.token()
            parts.append(t)
            length += len(t)
        text = "".join(parts).strip()
        return re.sub(r"\s+", " ", text)[:60].rstrip(" ：.-《")

    def item(self, date):
        rng = self.rng
        h_len, b_len = rng.choice(ISSUE_431_LENGTHS)
        h_len = max(10, round(h_len * rng.uniform(0.75, 1.25)))
        b_len = max(30, round(b_len * rng.uniform(0.75, 1.25)))
        paragraphs = []
        n_par = 1 + b_len // 180
        leads = [f"{date[1]}月{rng.randint(1, 28)}日，", "近日，", ""]
        for i in range(n_par):
            lead = rng.choice(leads) if i == 0 else ""
            paragraphs.append(self.paragraph(b_len // n_par, lead))
        return self.headline(h_len), paragraphs


def date_of(issue):
    import datetime
    d = datetime.date(*FIRST_DATE) + datetime.timedelta(days=7 * (issue - 1))
    return d.year, d.month, d.day


def section_plan(n, rng):
    """Section names for n items, in section order, shares as in issue 431."""
    total = sum(s for _, s in SECTIONS)
    counts = [max(0, round(n * s / total)) for _, s in SECTIONS]
    while sum(counts) > n:
        counts[counts.index(max(counts))] -= 1
    while sum(counts) < n:
        counts[rng.randrange(len(counts))] += 1
    return [name for (name, _), c in zip(SECTIONS, counts) for _ in range(c)]


def export_text(number, date, items):
    y, m, d = date
    lines = ["", "行业动态周报", "", "中国网络视听协会", "", f"第 {number} 期", "", f"{y} 年 {m} 月 {d} 日", "", "摘要", ""]
    for _, headline, _ in items[:6]:
        lines += [f"- ◆{headline}"]
    lines.append("")
    section = None
    for sec, headline, paragraphs in items:
        if sec != section:
            lines += [sec, ""]
            section = sec
        lines += [headline, ""]
        for p in paragraphs:
            lines += [p, ""]
    lines += ["编辑部：中国网络视听协会 对外合作部", "", "责编：余力 何紫薇", "", "复核：文超 王小野", "",
              "注：本周报由公开报道汇编，不代表中国网络视听协会观点。", "", "报：协会领导", "", "发：协会各会员单位", ""]
    return "\n".join(lines)


def item_html(number, date, headline, paragraphs):
    y, m, d = date
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f'<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{html.escape(headline)}</title></head>\n<body>\n"
            f'<p class="meta">第 {number} 期 · {y:04d}-{m:02d}-{d:02d}</p>\n'
            f"<main data-pagefind-body>\n<h1>{html.escape(headline)}</h1>\n{body}\n</main>\n</body></html>\n")


def normalize(text):
    """Lowercase, whitespace removed except one space between two Latin letters/digits (which
    stay two tokens: `3000 300万元` does contain `300万元`)."""
    kept = re.sub(r"(?<=[a-z0-9])\s+(?=[a-z0-9])", "\0", text.lower())
    return re.sub(r"\s+", "", kept).replace("\0", " ")


def truth_pattern(query):
    q = re.escape(normalize(query))
    return re.compile(("(?<![a-z0-9])" if re.match(r"[a-z0-9]", normalize(query)) else "") + q)


# Run-together queries: several words typed without spaces (快手短剧大赛 for an item holding
# 快手 … 短剧 … 大赛). Drawn from a generator of their own, so the corpus and the queries above are
# the same with or without them.
TOGETHER_QUERIES = 100
TOGETHER_SEED = 0x70637E  # xor'ed with --seed
TOGETHER_SOURCES = {"word", "domain", "org"}  # what note() records: dictionary words and the pools


def together_candidates(record, text):
    """The words an item offers to a run-together query: the dictionary words, domain terms and
    organisations it was made of, CJK only, 2–4 characters, present in its normalized text (a
    headline is cut at 60 characters), once per occurrence (so drawn as the corpus drew them:
    common words more often), and each word's first position."""
    drawn, first = [], {}
    for source, word in record:
        if source in TOGETHER_SOURCES and 2 <= len(word) <= 4 and all(is_cjk(c) for c in word):
            at = first[word] if word in first else text.find(word)
            if at >= 0:
                first[word] = at
                drawn.append((source, word))
    return drawn, first


def pick_together(rng, record, text, corpus_text, taken, freq):
    """One run-together query from one item: 2 words (3 in 2 of 5 draws), distinct, concatenated
    in the order the item holds them. In half the draws one is a domain term or organisation when
    the item has one; one is a dictionary word drawn by its frequency; the rest are drawn by
    occurrence. No word inside another, and the concatenation in no field of any item: otherwise
    it would be an ordinary verbatim query, which the engine answers verbatim. None when 20 draws
    find nothing."""
    drawn, first = together_candidates(record, text)
    named = [w for src, w in drawn if src != "word"]
    for _ in range(20):
        k = 3 if rng.random() < 0.4 else 2
        if len(first) < k:
            return None
        words = [rng.choice(named)] if named and rng.random() < 0.5 else []
        # One dictionary word by its frequency: a common word, as a typed query has, so the truth
        # is not always the source item alone.
        common = sorted({w for src, w in drawn if src == "word"} - set(words))
        if common:
            words.append(rng.choices(common, weights=[freq[w] for w in common])[0])
        while len(words) < k:
            w = rng.choice(drawn)[1]
            if w not in words:
                words.append(w)
        words.sort(key=first.get)
        q = "".join(words)
        if q in taken or any(a != b and a in b for a in words for b in words):
            continue
        if q in corpus_text:
            continue
        return q, words
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--items", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=431)
    ap.add_argument("--dict", help="jieba dict.txt (default: jieba-rs's, found with cargo metadata)")
    args = ap.parse_args()
    if args.items < 1:
        ap.error("--items must be at least 1")
    dict_path = args.dict or find_dict()
    corpus = Corpus(args.seed, dict_path)
    export_dir = os.path.join(args.out, "export")
    html_dir = os.path.join(args.out, "html", "items")
    os.makedirs(export_dir, exist_ok=True)
    os.makedirs(html_dir, exist_ok=True)
    for d in (export_dir, html_dir):
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))

    patterns = [(q, kind, truth_pattern(q)) for q, kind in QUERIES]
    truth = {q: [] for q, _ in QUERIES}
    # The items the run-together queries come from: chosen before any item is made, three per
    # query (an item may offer no query), tried in this order.
    trng = random.Random(args.seed ^ TOGETHER_SEED)
    sources = trng.sample(range(args.items), min(args.items, 3 * TOGETHER_QUERIES))
    records = {}
    texts = []  # (item id, its normalized fields joined by "\n") of every item
    issues = (args.items + ITEMS_PER_ISSUE - 1) // ITEMS_PER_ISSUE
    width = max(4, len(str(issues)))
    chars = 0
    made = 0
    wanted = set(sources)
    for number in range(1, issues + 1):
        n = min(ITEMS_PER_ISSUE, args.items - made)
        date = date_of(number)
        items = []
        for k, sec in enumerate(section_plan(n, corpus.rng)):
            corpus.record = [] if made + k in wanted else None
            items.append((sec, *corpus.item(date)))
            if corpus.record is not None:
                records[made + k] = corpus.record
        corpus.record = None
        with open(os.path.join(export_dir, f"{number:0{width}d}.txt"), "w", encoding="utf-8") as f:
            f.write(export_text(number, date, items))
        for ordinal, (_, headline, paragraphs) in enumerate(items, 1):
            item_id = f"{number}-{ordinal}"
            with open(os.path.join(html_dir, f"{item_id}.html"), "w", encoding="utf-8") as f:
                f.write(item_html(number, date, headline, paragraphs))
            fields = [normalize(headline)] + [normalize(p) for p in paragraphs]
            chars += sum(map(len, fields))
            texts.append((item_id, "\n".join(fields)))
            for q, _, pat in patterns:
                if any(pat.search(t) for t in fields):
                    truth[q].append(item_id)
        made += n

    # Run-together queries and their truth: the items holding every word verbatim, each
    # anywhere in the item (headline or any paragraph).
    corpus_text = "\n".join(t for _, t in texts)
    together = []
    for index in sources:
        if len(together) == TOGETHER_QUERIES:
            break
        picked = pick_together(trng, records[index], texts[index][1], corpus_text, {q for q, _ in together},
                               corpus.freq)
        if picked:
            together.append(picked)
    together_truth = [[i for i, t in texts if all(w in t for w in words)] for _, words in together]

    queries = [{"q": q, "kind": k, "ids": truth[q]} for q, k in QUERIES]
    queries += [{"q": q, "kind": "together", "words": words, "ids": ids}
                for (q, words), ids in zip(together, together_truth)]
    with open(os.path.join(args.out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump({"items": made, "queries": queries}, f, ensure_ascii=False, indent=1)
    meta = {"items": made, "issues": issues, "seed": args.seed, "chars": chars,
            "dict": os.path.basename(os.path.dirname(os.path.dirname(os.path.dirname(dict_path))))}
    with open(os.path.join(args.out, "meta.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=1)
    print(f"gen: {made} items in {issues} issues, {chars} characters -> {args.out}")


if __name__ == "__main__":
    main()
