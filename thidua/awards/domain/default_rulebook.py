"""The default rulebook: the award catalogue of LEGAL.md §1.1–1.6 as data. Pure: no Django.

It seeds the first version; a system administrator publishes the next one (e.g. when Hà Nội
issues its regulation under NĐ 152/2025/NĐ-CP) as data, never by editing this file. Each rule
cites its source; "[M]" marks what LEGAL.md tags as a parameter to confirm (remembered or
inferred, not quoted), "[X]" what was looked for and not found.

`default_rulebook()` builds a fresh value each call (its parameters are plain dicts and lists,
the JSON the app stores: `to_json(default_rulebook())` round-trips).
"""

from datetime import date
from decimal import Decimal
from fractions import Fraction

from thidua.awards.domain.rules import (
    AwardKind,
    AwardSpec,
    CouncilRules,
    DecidingLevel,
    RulebookSpec,
    RuleSpec,
    Subject,
    TieBreakRules,
)

# Award codes of the default catalogue.
LDTT = "ldtt"
CSTDCS = "cstdcs"
CSTD_TP = "cstd_tp"
TTLDTT = "ttldtt"
TTLDXS = "ttldxs"
CO_TP = "co_thi_dua_tp"
GIAY_KHEN_CA_NHAN = "giay_khen_ca_nhan"
GIAY_KHEN_TAP_THE = "giay_khen_tap_the"
BANG_KHEN_CA_NHAN = "bang_khen_ca_nhan"
BANG_KHEN_TAP_THE = "bang_khen_tap_the"

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"
ND152 = "Nghị định 152/2025/NĐ-CP"
ND98_VOTES = (
    "NĐ 98/2023/NĐ-CP Điều 30 khoản 7 (bỏ phiếu kín, tỷ lệ tính trên tổng số thành viên Hội "
    "đồng); NĐ 152/2025/NĐ-CP giữ nguyên tỷ lệ này hay không chưa xác nhận [M]"
)
REWARD = f"{ND152} Điều 50 (mức tiền thưởng theo hệ số mức lương cơ sở)"
# Who decides each award (thẩm quyền). "[M]": practice or another province's rule, to confirm
# against Hà Nội's regulation under NĐ 152/2025/NĐ-CP (not yet found [X]).
BY_UNIT_TITLES = (
    "Thủ trưởng cơ quan, đơn vị quyết định tặng danh hiệu “Lao động tiên tiến”, “Chiến sĩ thi đua "
    "cơ sở”, “Tập thể lao động tiên tiến” theo phân cấp của Thành phố, của Sở (thông lệ [M]); "
    "Giám đốc Sở quyết định cho các đơn vị chưa được phân cấp"
)
BY_UNIT_GIAY_KHEN = (
    f"{LAW} Điều 75 khoản 1 (Giấy khen do thủ trưởng cơ quan, đơn vị có thẩm quyền tặng: Giám "
    "đốc Sở, giám đốc bệnh viện, trung tâm trực thuộc Sở)"
)
BY_CITY_ND = (
    "trình qua Hội đồng Thi đua - Khen thưởng Thành phố (Bắc Ninh QĐ 86/2025/QĐ-UBND Điều 5; quy "
    "trình của Hà Nội cần đối chiếu [M])"
)
BY_CITY_TTLDXS = (
    f"Chủ tịch Ủy ban nhân dân tỉnh quyết định tặng “Tập thể lao động xuất sắc” (Bắc Ninh QĐ "
    f"86/2025/QĐ-UBND Điều 5; Hà Nội cần đối chiếu [M]); {LAW} Điều 27"
)
BY_CITY_BANG_KHEN = (
    f"{LAW} Điều 74 (Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh); " + BY_CITY_ND
)
REWARD_FORMS = (
    "Hệ số theo quy định trước đây (NĐ 91/2017/NĐ-CP): Bằng khen cá nhân 1,0, tập thể 2,0; Giấy "
    "khen cá nhân 0,3, tập thể 0,6 — chưa đối chiếu với NĐ 152/2025/NĐ-CP [M]"
)


def _by_city_title(article: str) -> str:
    return (
        f"Chủ tịch Ủy ban nhân dân Thành phố quyết định tặng danh hiệu thi đua cấp tỉnh ({LAW} "
        f"{article}); {BY_CITY_ND}"
    )


def _rule(code: str, kind: str, citation: str, description: str, **params: object) -> RuleSpec:
    return RuleSpec(code, kind, params, citation, description)


def _sub(kind: str, description: str, **params: object) -> dict[str, object]:
    return {"kind": kind, "description": description, "params": params}


def _no_discipline(citation_extra: str = "") -> RuleSpec:
    return _rule(
        "khong_ky_luat",
        "no_discipline",
        f"{ND152} Điều 4 khoản 4 (không khen thưởng trong thời gian chấp hành kỷ luật){citation_extra}",
        "Không bị kỷ luật trong năm xét",
        min_form="reprimand",
    )


def _no_hold() -> RuleSpec:
    return _rule(
        "khong_dang_xem_xet",
        "no_hold",
        f"{ND152} Điều 4 khoản 4 (chưa khen thưởng khi đang xem xét kỷ luật, điều tra, thanh "
        "tra, kiểm tra, giải quyết khiếu nại, tố cáo)",
        "Không có vụ việc kỷ luật, thanh tra, điều tra, khiếu nại đang xem xét",
    )


def _award(
    code: str,
    name: str,
    subject: Subject,
    kind: AwardKind,
    citation: str,
    rules: list[RuleSpec],
    *,
    multiple: str,
    decided_by: DecidingLevel,
    decided_by_citation: str,
    vote_share: Fraction | None = None,
    chains: bool = True,
) -> AwardSpec:
    return AwardSpec(
        code=code,
        name=name,
        subject=subject,
        kind=kind,
        rules=tuple(rules),
        vote_share=vote_share,
        reward_multiple=Decimal(multiple),
        citation=citation,
        counts_for_chains=chains,
        decided_by=decided_by,
        decided_by_citation=decided_by_citation,
    )


def _individual_titles() -> list[AwardSpec]:
    ldtt = _award(
        LDTT,
        "Lao động tiên tiến",
        "individual",
        "title",
        f"{LAW} Điều 24 khoản 1; {REWARD}: 0,3 lần",
        [
            _rule(
                "xep_loai",
                "rating_at_least",
                f"{LAW} Điều 24 khoản 1 điểm a",
                "Hoàn thành tốt nhiệm vụ trở lên",
                min_rating="HTTNV",
            ),
            _rule(
                "tinh_than",
                "council_judgement",
                f"{LAW} Điều 24 khoản 1 điểm b",
                "Tinh thần tự lực, tự cường, đoàn kết, tương trợ, tích cực tham gia phong trào",
                criterion=(
                    "có tinh thần tự lực, tự cường; đoàn kết, tương trợ, tích cực tham gia phong "
                    "trào thi đua"
                ),
            ),
            _rule(
                "thoi_gian_cong_tac",
                "months_worked",
                f"Thời gian công tác từ 10 tháng trong năm: thông lệ theo quy định trước đây "
                f"(NĐ 91/2017/NĐ-CP) [M]; thời gian nghỉ thai sản được tính ({ND152} Điều 4 "
                "khoản 5)",
                "Công tác từ 10 tháng trong năm (tính cả thời gian nghỉ thai sản)",
                min_months=10,
                count_maternity=True,
            ),
            _no_discipline("; mức từ khiển trách trở lên theo thông lệ [M]"),
            _no_hold(),
        ],
        multiple="0.3",
        decided_by="unit",
        decided_by_citation=BY_UNIT_TITLES,
    )
    cstdcs = _award(
        CSTDCS,
        "Chiến sĩ thi đua cơ sở",
        "individual",
        "title",
        f"{LAW} Điều 23; {REWARD}: 1,0 lần; bỏ phiếu kín đạt từ 80% ({ND98_VOTES})",
        [
            _rule(
                "dat_ldtt",
                "meets_award",
                f"{LAW} Điều 23 (đạt tiêu chuẩn danh hiệu “Lao động tiên tiến”)",
                "Đạt tiêu chuẩn “Lao động tiên tiến”",
                award=LDTT,
            ),
            _rule(
                "thanh_tich",
                "any_of",
                f"{LAW} Điều 23; hồ sơ theo NĐ 98/2023/NĐ-CP Điều 34 khoản 2 điểm d",
                "Hoàn thành xuất sắc nhiệm vụ, hoặc có sáng kiến được công nhận, hoặc có đề tài "
                "khoa học được nghiệm thu",
                rules=[
                    _sub("rating_at_least", "Hoàn thành xuất sắc nhiệm vụ", min_rating="HTXSNV"),
                    _sub(
                        "initiative_recognised",
                        "Có sáng kiến được cơ sở công nhận",
                        min_level="base",
                    ),
                    _sub(
                        "research_accepted",
                        "Có đề tài, đề án khoa học được nghiệm thu",
                        min_level="base",
                    ),
                ],
            ),
        ],
        multiple="1.0",
        decided_by="unit",
        decided_by_citation=BY_UNIT_TITLES,
        vote_share=Fraction(4, 5),
    )
    cstd_tp = _award(
        CSTD_TP,
        "Chiến sĩ thi đua Thành phố",
        "individual",
        "title",
        f"{LAW} Điều 22 khoản 1; {REWARD}: 3,0 lần; bỏ phiếu kín đạt từ 90% ({ND98_VOTES})",
        [
            _rule(
                "ba_lan_cstdcs",
                "consecutive_award",
                f"{LAW} Điều 22 khoản 1 điểm a (03 lần liên tục đạt “Chiến sĩ thi đua cơ sở”); "
                f"danh hiệu thi đua theo chuyên đề không dùng làm căn cứ ({ND152} Điều 4 khoản 3)",
                "03 lần liên tục đạt “Chiến sĩ thi đua cơ sở”",
                awards=[CSTDCS],
                years=3,
            ),
            _rule(
                "sang_kien_thanh_pho",
                "any_of",
                f"{LAW} Điều 22 khoản 1 điểm b; xác nhận theo NĐ 98/2023/NĐ-CP Điều 34 khoản 2 "
                "điểm d (Hội đồng sáng kiến thành phố / Sở KH&CN)",
                "Sáng kiến áp dụng hiệu quả, có khả năng nhân rộng trong Thành phố, hoặc đề tài "
                "khoa học có phạm vi ảnh hưởng trong Thành phố",
                rules=[
                    _sub(
                        "initiative_recognised",
                        "Sáng kiến được công nhận cấp thành phố",
                        min_level="city",
                        years=3,
                    ),
                    _sub(
                        "research_accepted",
                        "Đề tài, đề án được nghiệm thu cấp thành phố trở lên",
                        min_level="city",
                        years=3,
                    ),
                ],
            ),
            _rule(
                "tieu_bieu",
                "council_judgement",
                f"{LAW} Điều 22 khoản 1 điểm a",
                "Thành tích xuất sắc tiêu biểu",
                criterion=(
                    "có thành tích xuất sắc tiêu biểu trong số những cá nhân 03 lần liên tục đạt "
                    "“Chiến sĩ thi đua cơ sở”"
                ),
            ),
            _no_discipline(),
            _no_hold(),
        ],
        multiple="3.0",
        decided_by="city",
        decided_by_citation=_by_city_title("Điều 22 khoản 1"),
        vote_share=Fraction(9, 10),
    )
    return [ldtt, cstdcs, cstd_tp]


def _collective_titles() -> list[AwardSpec]:
    share_m = (
        "; tỷ lệ 70% theo Bắc Ninh QĐ 86/2025/QĐ-UBND Điều 4 khoản 2 — Luật năm 2003 ghi "
        "“trên 50%”, cần đối chiếu [M]"
    )
    ttldtt = _award(
        TTLDTT,
        "Tập thể lao động tiên tiến",
        "collective",
        "title",
        f"{LAW} Điều 28; {REWARD}: 0,8 lần",
        [
            _rule(
                "xep_loai",
                "rating_at_least",
                f"{LAW} Điều 28",
                "Hoàn thành tốt nhiệm vụ được giao",
                min_rating="HTTNV",
            ),
            _rule(
                "ty_le_ldtt",
                "member_share",
                f"{LAW} Điều 28{share_m}",
                "Ít nhất 70% cá nhân đạt “Lao động tiên tiến”",
                measure="advanced_workers",
                min_share="7/10",
            ),
            _rule(
                "khong_ca_nhan_ky_luat",
                "member_count",
                f"{LAW} Điều 28 (không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên)",
                "Không có cá nhân bị kỷ luật từ cảnh cáo trở lên",
                measure="disciplined",
                max=0,
            ),
            _rule(
                "phong_trao",
                "council_judgement",
                f"{LAW} Điều 28",
                "Tham gia phong trào thi đua; nội bộ đoàn kết",
                criterion=(
                    "tham gia phong trào thi đua thường xuyên, thiết thực, hiệu quả; nội bộ đoàn "
                    "kết, chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước"
                ),
            ),
            _no_discipline(),
            _no_hold(),
        ],
        multiple="0.8",
        decided_by="unit",
        decided_by_citation=BY_UNIT_TITLES,
    )
    ttldxs = _award(
        TTLDXS,
        "Tập thể lao động xuất sắc",
        "collective",
        "title",
        f"{LAW} Điều 27; {REWARD}: 1,5 lần",
        [
            _rule(
                "xep_loai",
                "rating_at_least",
                f"{LAW} Điều 27 điểm a",
                "Hoàn thành xuất sắc nhiệm vụ được giao",
                min_rating="HTXSNV",
            ),
            _rule(
                "tat_ca_hoan_thanh",
                "member_share",
                f"{LAW} Điều 27 điểm c",
                "100% cá nhân hoàn thành nhiệm vụ được giao",
                measure="completing_tasks",
                min_share="1",
            ),
            _rule(
                "ty_le_ldtt",
                "member_share",
                f"{LAW} Điều 27 điểm c",
                "Ít nhất 70% cá nhân đạt “Lao động tiên tiến”",
                measure="advanced_workers",
                min_share="7/10",
            ),
            _rule(
                "co_cstdcs",
                "member_count",
                f"{LAW} Điều 27 điểm d",
                "Có cá nhân đạt “Chiến sĩ thi đua cơ sở”",
                measure="emulation_fighters",
                min=1,
            ),
            _rule(
                "phong_trao",
                "council_judgement",
                f"{LAW} Điều 27 điểm b, điểm đ",
                "Tích cực tham gia phong trào thi đua; nội bộ đoàn kết, gương mẫu",
                criterion=(
                    "tích cực tham gia phong trào thi đua thường xuyên, thiết thực, hiệu quả; nội "
                    "bộ đoàn kết, gương mẫu chấp hành tốt chủ trương của Đảng, chính sách, pháp "
                    "luật của Nhà nước"
                ),
            ),
            _no_discipline(),
            _no_hold(),
        ],
        multiple="1.5",
        decided_by="city",
        decided_by_citation=BY_CITY_TTLDXS,
    )
    co_tp = _award(
        CO_TP,
        "Cờ thi đua của Ủy ban nhân dân Thành phố",
        "collective",
        "title",
        f"{LAW} Điều 26; {REWARD}: 8,0 lần; bỏ phiếu kín đạt từ 80% ({ND98_VOTES})",
        [
            _rule(
                "hoan_thanh_vuot",
                "rating_at_least",
                f"{LAW} Điều 26 (hoàn thành vượt mức chỉ tiêu thi đua và nhiệm vụ được giao; "
                "xếp loại Hoàn thành xuất sắc nhiệm vụ là cách đo [M])",
                "Hoàn thành vượt mức chỉ tiêu thi đua và nhiệm vụ được giao",
                min_rating="HTXSNV",
            ),
            _rule(
                "dan_dau_cum_khoi",
                "council_judgement",
                f"{LAW} Điều 26; Bắc Ninh QĐ 86/2025/QĐ-UBND Điều 3 khoản 1",
                "Dẫn đầu phong trào thi đua của Cụm, Khối thi đua; tiêu biểu xuất sắc",
                criterion=(
                    "dẫn đầu phong trào thi đua của Cụm, Khối thi đua do Thành phố tổ chức, tiêu "
                    "biểu xuất sắc; nội bộ đoàn kết; tổ chức đảng, đoàn thể hoàn thành xuất sắc "
                    "nhiệm vụ; thực hành tiết kiệm, chống lãng phí, phòng, chống tham nhũng, tiêu "
                    "cực"
                ),
            ),
            _no_discipline(),
            _no_hold(),
        ],
        multiple="8.0",
        decided_by="city",
        decided_by_citation=_by_city_title("Điều 26"),
        vote_share=Fraction(4, 5),
    )
    return [ttldtt, ttldxs, co_tp]


def _forms() -> list[AwardSpec]:
    exemplary = (
        "gương mẫu chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước; có "
        "thành tích được bình xét trong phong trào thi đua, hoặc nhiều thành tích, thành tích đột "
        "xuất trong lĩnh vực của đơn vị"
    )
    giay_khen_ca_nhan = _award(
        GIAY_KHEN_CA_NHAN,
        "Giấy khen (cá nhân)",
        "individual",
        "form",
        f"{LAW} Điều 75; Bắc Ninh QĐ 86/2025/QĐ-UBND Điều 4 khoản 3; {REWARD_FORMS}",
        [
            _rule(
                "xep_loai",
                "rating_at_least",
                f"{LAW} Điều 75",
                "Hoàn thành tốt nhiệm vụ",
                min_rating="HTTNV",
            ),
            _rule(
                "thanh_tich",
                "council_judgement",
                f"{LAW} Điều 75",
                "Thành tích",
                criterion=exemplary,
            ),
            _no_discipline(),
            _no_hold(),
        ],
        multiple="0.3",
        decided_by="unit",
        decided_by_citation=BY_UNIT_GIAY_KHEN,
        chains=False,
    )
    giay_khen_tap_the = _award(
        GIAY_KHEN_TAP_THE,
        "Giấy khen (tập thể)",
        "collective",
        "form",
        f"{LAW} Điều 75; Bắc Ninh QĐ 86/2025/QĐ-UBND Điều 4 khoản 3; {REWARD_FORMS}",
        [
            _rule(
                "xep_loai",
                "rating_at_least",
                f"{LAW} Điều 75",
                "Hoàn thành tốt nhiệm vụ",
                min_rating="HTTNV",
            ),
            _rule(
                "thanh_tich",
                "council_judgement",
                f"{LAW} Điều 75",
                "Thành tích; nội bộ đoàn kết",
                criterion=f"{exemplary}; nội bộ đoàn kết",
            ),
            _no_discipline(),
            _no_hold(),
        ],
        multiple="0.6",
        decided_by="unit",
        decided_by_citation=BY_UNIT_GIAY_KHEN,
        chains=False,
    )
    bang_khen_ca_nhan = _award(
        BANG_KHEN_CA_NHAN,
        "Bằng khen của Chủ tịch Ủy ban nhân dân Thành phố (cá nhân)",
        "individual",
        "form",
        f"{LAW} Điều 74; Bắc Ninh QĐ 86/2025/QĐ-UBND Điều 3 khoản 3 (quy định của Hà Nội chưa "
        f"có [X]); {REWARD_FORMS}",
        [
            _rule(
                "thanh_tich",
                "any_of",
                f"{LAW} Điều 74; Bắc Ninh QĐ 86/2025/QĐ-UBND Điều 3 khoản 3 điểm a",
                "Một trong các thành tích của Điều 74",
                rules=[
                    _sub(
                        "consecutive_award",
                        "02 lần liên tục đạt “Chiến sĩ thi đua cơ sở”",
                        awards=[CSTDCS],
                        years=2,
                    ),
                    _sub(
                        "all_of",
                        "02 năm liên tục hoàn thành xuất sắc nhiệm vụ, có 02 sáng kiến (hoặc 02 đề "
                        "tài) được công nhận, áp dụng hiệu quả",
                        rules=[
                            _sub(
                                "rating_at_least",
                                "02 năm liên tục hoàn thành xuất sắc nhiệm vụ",
                                min_rating="HTXSNV",
                                years=2,
                            ),
                            _sub(
                                "any_of",
                                "02 sáng kiến hoặc 02 đề tài",
                                rules=[
                                    _sub(
                                        "initiative_recognised",
                                        "02 sáng kiến được công nhận cấp cơ sở",
                                        count=2,
                                        years=2,
                                    ),
                                    _sub(
                                        "research_accepted",
                                        "02 đề tài, đề án được nghiệm thu",
                                        count=2,
                                        years=2,
                                    ),
                                ],
                            ),
                        ],
                    ),
                    _sub(
                        "council_judgement",
                        "Thành tích xuất sắc trong phong trào thi đua do Thành phố phát động",
                        criterion=(
                            "thành tích xuất sắc được bình xét trong phong trào thi đua do Thành "
                            "phố phát động, hoặc thành tích đột xuất, đóng góp vào phát triển kinh "
                            "tế – xã hội của Thành phố"
                        ),
                    ),
                ],
            ),
            _rule(
                "guong_mau",
                "council_judgement",
                f"{LAW} Điều 74",
                "Gương mẫu chấp hành chủ trương, chính sách, pháp luật",
                criterion="gương mẫu chấp hành tốt chủ trương của Đảng, chính sách, pháp luật",
            ),
            _no_discipline(),
            _no_hold(),
        ],
        multiple="1.0",
        decided_by="city",
        decided_by_citation=BY_CITY_BANG_KHEN,
        chains=False,
    )
    bang_khen_tap_the = _award(
        BANG_KHEN_TAP_THE,
        "Bằng khen của Chủ tịch Ủy ban nhân dân Thành phố (tập thể)",
        "collective",
        "form",
        f"{LAW} Điều 74; Bắc Ninh QĐ 86/2025/QĐ-UBND Điều 3 khoản 3 (quy định của Hà Nội chưa "
        f"có [X]); {REWARD_FORMS}",
        [
            _rule(
                "thanh_tich",
                "any_of",
                f"{LAW} Điều 74; Bắc Ninh QĐ 86/2025/QĐ-UBND Điều 3 khoản 3 điểm b",
                "Một trong các thành tích của Điều 74",
                rules=[
                    _sub(
                        "consecutive_award",
                        "02 năm liên tục hoàn thành xuất sắc nhiệm vụ hoặc đạt “Tập thể lao động "
                        "xuất sắc”",
                        awards=[TTLDXS],
                        years=2,
                        or_rating="HTXSNV",
                    ),
                    _sub(
                        "council_judgement",
                        "Thành tích xuất sắc trong phong trào thi đua",
                        criterion=(
                            "thành tích xuất sắc được bình xét trong phong trào thi đua, hoặc "
                            "thành tích đột xuất, đóng góp vào phát triển kinh tế – xã hội"
                        ),
                    ),
                ],
            ),
            _rule(
                "doan_ket",
                "council_judgement",
                f"{LAW} Điều 74",
                "Chấp hành tốt chính sách, pháp luật; nội bộ đoàn kết",
                criterion=(
                    "chấp hành tốt chủ trương, chính sách, pháp luật; nội bộ đoàn kết; thực hiện "
                    "tốt dân chủ ở cơ sở, chăm lo đời sống cán bộ; thực hành tiết kiệm, phòng, "
                    "chống tham nhũng"
                ),
            ),
            _no_discipline(),
            _no_hold(),
        ],
        multiple="2.0",
        decided_by="city",
        decided_by_citation=BY_CITY_BANG_KHEN,
        chains=False,
    )
    return [giay_khen_ca_nhan, giay_khen_tap_the, bang_khen_ca_nhan, bang_khen_tap_the]


def default_rulebook() -> RulebookSpec:
    """The first rulebook version: in force from 01/7/2025, the day NĐ 152/2025/NĐ-CP took
    effect; base salary 2.340.000 đ from 01/7/2024 (NĐ 73/2024/NĐ-CP)."""
    return RulebookSpec(
        version="2025.1",
        effective_from=date(2025, 7, 1),
        awards=tuple(_individual_titles() + _collective_titles() + _forms()),
        base_salary=Decimal(2_340_000),
        citation=(
            f"{LAW} (hiệu lực 01/01/2024); {ND152} (hiệu lực 01/7/2025); Thông tư 15/2025/TT-BNV "
            "(ngày ban hành, hiệu lực cần đối chiếu [M]); quy định của UBND Thành phố Hà Nội theo "
            "NĐ 152/2025/NĐ-CP chưa có [X]"
        ),
        base_salary_from=date(2024, 7, 1),
        base_salary_citation="Nghị định 73/2024/NĐ-CP (mức lương cơ sở 2.340.000 đồng/tháng)",
        reward_round_up_to=10_000,
        reward_citation=(
            f"{REWARD}; tiền thưởng làm tròn lên hàng chục nghìn đồng theo quy định trước đây "
            "(NĐ 91/2017/NĐ-CP) [M]"
        ),
        council=CouncilRules(
            quorum=Fraction(2, 3),
            quorum_awards=Fraction(4, 5),
            majority=Fraction(1, 2),
            citation=(
                "Hội đồng họp khi có ít nhất 2/3 tổng số ủy viên; khi xét khen thưởng cần ít nhất "
                "80% ủy viên dự họp, ủy viên vắng cho ý kiến bằng văn bản; biểu quyết theo đa số "
                "(Bắc Ninh QĐ 86/2025/QĐ-UBND Điều 8 khoản 4 — quy chế Hội đồng của Sở cần xác "
                "nhận [M]); bỏ phiếu kín: " + ND98_VOTES
            ),
        ),
        tie_break=TieBreakRules(
            women_share=Fraction(7, 10),
            citation=(
                f"{ND152} Điều 4 khoản 6 (trường hợp có nhiều cá nhân, tập thể đủ điều kiện, tiêu "
                "chuẩn như nhau thì ưu tiên cá nhân nữ, tập thể có tỷ lệ nữ từ 70% trở lên)"
            ),
        ),
    )
