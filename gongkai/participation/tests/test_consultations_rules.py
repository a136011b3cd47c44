"""The pure 意见征集 rules: period, paragraphs, screening and near-duplicate detection."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.participation import consultations_rules as rules
from gongkai.textproc.pii import make_id_number

TEMPLATE = (
    "我坚决反对草案第三条关于停车收费标准上调的规定，建议维持现行收费标准不变，"
    "并在老旧小区周边增加免费停车泊位，方便居民生活。"
)


def test_default_period_is_thirty_days_inclusive():
    assert rules.default_end(date(2026, 3, 1)) == date(2026, 3, 30)
    assert rules.period_days(date(2026, 3, 1), date(2026, 3, 30)) == 30


@pytest.mark.parametrize(
    ("days", "major", "refused"),
    [(30, True, False), (29, True, True), (7, False, False), (6, False, True), (366, False, True)],
)
def test_period_floor_for_major_decisions_cites_article_fourteen(days, major, refused):
    starts = date(2026, 3, 1)
    problem = rules.period_problem(
        starts, rules.default_end(starts, days=days), is_major_decision=major, min_major_days=30
    )
    assert bool(problem) is refused
    if refused and major:
        assert "第十四条" in problem


def test_a_major_decision_may_be_shorter_only_with_a_stated_reason():
    starts = date(2026, 3, 1)
    ends = rules.default_end(starts, days=15)
    assert rules.period_problem(starts, ends, is_major_decision=True, min_major_days=30)
    assert not rules.period_problem(
        starts, ends, is_major_decision=True, min_major_days=30, shortened_reason="防汛应急"
    )
    # Still never below the floor of any draft.
    short = rules.default_end(starts, days=5)
    assert rules.period_problem(
        starts, short, is_major_decision=True, min_major_days=30, shortened_reason="急"
    )


def test_end_before_start_is_refused():
    assert "早于" in rules.period_problem(
        date(2026, 3, 2), date(2026, 3, 1), is_major_decision=False, min_major_days=30
    )


def test_paragraphs_are_non_empty_lines_with_spaces_collapsed():
    assert rules.split_paragraphs("第一条　 总则\r\n\r\n  第二条\t适用范围 \n") == [
        "第一条 总则",
        "第二条 适用范围",
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("好", rules.KIND_TOO_SHORT),
        ("详见 https://example.com/abc 的说明内容", rules.KIND_LINK),
        ("请访问www.example.org了解更多内容", rules.KIND_LINK),
        ("<script>alert(1)</script>很好的政策", rules.KIND_MARKUP),
        ("推荐大家去btbt365me看看，博彩赢钱", rules.KIND_SPAM),
        ("我的手机13912345678，请联系我", rules.KIND_PERSONAL),
        ("字" * (rules.COMMENT_MAX_CHARS + 1), rules.KIND_TOO_LONG),
    ],
)
def test_screening_refuses_with_a_chinese_message(text, kind):
    refusals = rules.screen_comment(text)
    assert kind in {r.kind for r in refusals}
    assert all(r.message for r in refusals)


def test_an_id_number_is_held_with_the_masked_number_in_the_message():
    number = make_id_number("110101", date(1980, 5, 6), 123)
    refusals = rules.screen_comment(f"我是本小区居民，身份证{number}，反对涨价。")
    personal = [r for r in refusals if r.kind == rules.KIND_PERSONAL]
    assert personal
    assert "身份证号码" in personal[0].message
    assert number not in personal[0].message  # the message never repeats the number itself


def test_ordinary_comment_passes():
    assert rules.screen_comment(TEMPLATE) == []


def test_normalisation_ignores_punctuation_width_and_spaces():
    assert rules.text_hash("建议 维持，现行标准！") == rules.text_hash("建议维持现行标准")
    assert rules.text_hash("ＡＢＣ建议") == rules.text_hash("abc建议")


def test_minhash_estimate_tracks_the_exact_jaccard():
    variant = TEMPLATE.replace("坚决", "").replace("方便居民生活", "方便群众")
    estimate = rules.similarity(rules.signature(TEMPLATE), rules.signature(variant))
    assert abs(estimate - rules.jaccard(TEMPLATE, variant)) < 0.15


def test_campaign_variants_are_near_duplicates_and_different_comments_are_not():
    variants = [
        TEMPLATE,
        TEMPLATE.replace("坚决", ""),
        TEMPLATE + "谢谢！",
        TEMPLATE.replace("老旧小区", "老小区"),
    ]
    unrelated = "建议第五条明确电动自行车充电设施的建设主体和验收标准，避免推诿。"
    same_topic = "草案第三条停车收费上调幅度偏大，建议分步实施，给居民留出适应时间。"
    base = rules.signature(TEMPLATE)
    for text in variants:
        assert rules.similarity(base, rules.signature(text)) >= rules.NEAR_DUPLICATE_THRESHOLD, text
    assert rules.similarity(base, rules.signature(unrelated)) < 0.3
    assert rules.similarity(base, rules.signature(same_topic)) < rules.NEAR_DUPLICATE_THRESHOLD


def test_closest_picks_the_most_similar_group_above_the_threshold():
    sig = rules.signature(TEMPLATE)
    candidates = [
        (1, rules.signature("完全不同的一条意见内容，关于学校周边交通")),
        (2, rules.signature(TEMPLATE + "。")),
    ]
    assert rules.closest(sig, candidates)[0] == 2
    assert rules.closest(sig, candidates[:1]) == (None, 0.0)


def test_signatures_are_stable_across_processes():
    # Stored in the database: every worker, and every later release, must compute the same values
    # (blake2b and a fixed seed; Python's own str hash is randomised per process). These numbers were
    # recorded when the first signatures were stored; a change here orphans every stored group.
    assert rules.signature("建议维持现行收费标准")[:2] == [127922488496058394, 337392761956348528]
    assert len(rules.signature("")) == rules.SIGNATURE_SIZE
