"""API v1 of initiatives: the similarity check.

`POST /api/v1/initiatives/similar` takes a free text (`text`) or an initiative's fields and
returns the nearest initiatives of every unit and year (past the draft), with the score and the
passages they share. Any authenticated user (the same as the duplicate panel).
"""

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import model_validator

from thidua.initiatives import similarity
from thidua.initiatives.selectors.similarity import MAX_LIMIT, similar_initiatives
from thidua.organizations.api.common import acting_user

router = Router(tags=["Sáng kiến"])

_MAX_CHARS = 20_000


class SimilarIn(Schema):
    text: str = Field("", max_length=4 * _MAX_CHARS, description="Một đoạn văn bản tự do")
    title: str = Field("", max_length=_MAX_CHARS, description="Tên sáng kiến")
    problem: str = Field("", max_length=_MAX_CHARS, description="Thực trạng, vấn đề")
    solution: str = Field("", max_length=_MAX_CHARS, description="Nội dung giải pháp")
    effect: str = Field("", max_length=_MAX_CHARS, description="Hiệu quả")
    exclude_id: int | None = Field(None, description="Bỏ qua sáng kiến này (đang sửa)")
    limit: int = Field(5, ge=1, le=MAX_LIMIT, description="Số sáng kiến trả về (1–50)")

    @model_validator(mode="after")
    def _some_text(self) -> "SimilarIn":
        if not any(
            part.strip()
            for part in (self.text, self.title, self.problem, self.solution, self.effect)
        ):
            raise ValueError("Cần nội dung để so sánh: gửi `text` hoặc các mục của sáng kiến.")
        return self


class PassageOut(Schema):
    query_field: str = Field(
        description="Mục của văn bản gửi lên: title, problem, solution, effect"
    )
    query_text: str = Field(description="Câu của văn bản gửi lên")
    query_start: int = Field(description="Vị trí bắt đầu của câu trong mục (ký tự)")
    query_end: int = Field(description="Vị trí kết thúc của câu trong mục")
    query_marks: list[tuple[int, int]] = Field(description="Các đoạn từ trùng, tính trong câu")
    match_field: str = Field(description="Mục của sáng kiến đã có")
    match_text: str = Field(description="Câu tương ứng của sáng kiến đã có")
    match_start: int = Field(description="Vị trí bắt đầu của câu trong mục")
    match_end: int = Field(description="Vị trí kết thúc của câu trong mục")
    match_marks: list[tuple[int, int]] = Field(description="Các đoạn từ trùng, tính trong câu")
    similarity: float = Field(description="Mức giống nhau của hai câu (0–1)")


class SimilarOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của sáng kiến")
    code: str = Field(description="Mã sáng kiến")
    title: str = Field(description="Tên sáng kiến")
    unit_name: str = Field(description="Đơn vị")
    year: int = Field(description="Năm xét")
    status: str = Field(description="Trạng thái")
    status_label: str = Field(description="Trạng thái (tiếng Việt)")
    score: float = Field(description="Mức tương tự (0–1)")
    is_duplicate: bool = Field(description="Có thể trùng lặp (điểm ≥ ngưỡng)")
    reason: str = Field(description="Lý do, bằng lời")
    passages: list[PassageOut] = Field(description="Các đoạn trùng")


class SimilarResultOut(Schema):
    threshold: float = Field(description="Ngưỡng coi là có thể trùng lặp")
    results: list[SimilarOut] = Field(description="Sáng kiến gần nhất, giống nhất trước")


@router.post("/initiatives/similar", response=SimilarResultOut, summary="Tìm sáng kiến tương tự")
def similar(request: HttpRequest, payload: SimilarIn) -> SimilarResultOut:
    """Nearest initiatives of every unit and year (not drafts, not withdrawn). A free `text` is
    compared as an initiative's solution, after the fields sent with it."""
    acting_user(request)
    solution = "\n".join(part for part in (payload.solution, payload.text) if part.strip())
    found = similar_initiatives(
        title=payload.title,
        problem=payload.problem,
        solution=solution,
        effect=payload.effect,
        exclude_id=payload.exclude_id,
        limit=payload.limit,
    )
    return SimilarResultOut(
        threshold=similarity.DUPLICATE_THRESHOLD,
        results=[
            SimilarOut(
                id=item.initiative_id,
                code=item.code,
                title=item.title,
                unit_name=item.unit_name,
                year=item.year,
                status=item.status,
                status_label=item.status_label,
                score=item.score,
                is_duplicate=item.is_duplicate,
                reason=item.reason,
                passages=[
                    PassageOut(
                        query_field=p.query_field,
                        query_text=p.query_text,
                        query_start=p.query_span[0],
                        query_end=p.query_span[1],
                        query_marks=list(p.query_marks),
                        match_field=p.match_field,
                        match_text=p.match_text,
                        match_start=p.match_span[0],
                        match_end=p.match_span[1],
                        match_marks=list(p.match_marks),
                        similarity=p.similarity,
                    )
                    for p in item.passages
                ],
            )
            for item in found
        ],
    )
