"""The schema of a flow file (`flows/*.yml`), as pydantic models that refuse unknown keys.

Strings marked *template* are Jinja2 templates rendered in a sandbox; slot values and the
business system's response are data given to them, never templates themselves.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
# Intent and slot type ids are those of the deployment's NLU model (the demo's are in
# src/kefu/nlu/demo/README.md); the runtime checks at start-up that the model knows each intent.
Intent = Annotated[str, Field(pattern=NAME_PATTERN, max_length=64)]
SlotType = Annotated[str, Field(pattern=NAME_PATTERN, max_length=64)]
Normalisation = Literal["strip", "remove_spaces", "remove_dashes", "upper", "lower", "halfwidth"]
Method = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A message in both languages (a template)."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def pick(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class RegexCheck(Strict):
    """The value, normalised, must match `pattern` in full.

    `find` locates a candidate in free text when the customer answers a prompt and the NLU
    tagged nothing; `prefix` is put in front of a normalised value that lacks it (order ids
    given as bare digits).
    """

    kind: Literal["regex"]
    pattern: str
    normalize: list[Normalisation] = Field(default_factory=list)
    prefix: str = ""
    find: str | None = None


class EnumCheck(Strict):
    """The value must be one of `values` (canonical value → synonyms); the canonical value is kept.

    A synonym contained in a longer answer counts ("收到的杯子碎了" → 破损).
    """

    kind: Literal["enum"]
    values: dict[str, list[str]] = Field(min_length=1)


class DateCheck(Strict):
    """A date, absolute or relative (今天, 前天, 上周五, 11月20号, 2026-11-20), kept as ISO `YYYY-MM-DD`."""

    kind: Literal["date"]
    allow_future: bool = True


class PhoneCheck(Strict):
    """A mainland mobile number (1[3-9] + 9 digits, `+86` allowed), optionally a landline."""

    kind: Literal["phone"]
    landline: bool = False


class TextCheck(Strict):
    """Free text (an address, a reason) of a sensible length."""

    kind: Literal["text"]
    min_length: int = Field(default=2, ge=1)
    max_length: int = Field(default=200, ge=1)


Check = Annotated[RegexCheck | EnumCheck | DateCheck | PhoneCheck | TextCheck, Field(discriminator="kind")]


class SlotSpec(Strict):
    """One slot the flow collects, in the order it asks for them."""

    name: str = Field(pattern=NAME_PATTERN)
    type: SlotType | None = Field(default=None, description="the NLU slot type that fills it; default: name")
    required: bool = True
    validator: Check = TextCheck(kind="text")
    prompt: Text
    invalid: Text

    @property
    def source(self) -> str:
        """The NLU slot type feeding this slot."""
        return self.type or self.name


class ConfirmSpec(Strict):
    """Ask before acting ("确认把订单 X 的地址改为 Y 吗？") and read a yes or a no.

    A no-word anywhere in the answer wins ("不对" holds "对"); English words count whole only.
    """

    prompt: Text
    cancelled: Text = Text(zh="好的，已为您取消本次操作。", en="OK, I've cancelled that.")
    yes_words: list[str] = Field(
        default_factory=lambda: [
            "是", "是的", "对", "对的", "没错", "确认", "确定", "好", "好的", "可以", "行", "没问题", "嗯",
            "ok", "yes", "y", "yeah", "yep", "sure", "confirm", "correct", "right",
        ]
    )  # fmt: skip
    no_words: list[str] = Field(
        default_factory=lambda: [
            "不", "否", "别", "取消", "算了", "no", "n", "nope", "cancel", "don't", "dont", "stop", "wrong",
        ]
    )  # fmt: skip


class ActionSpec(Strict):
    """The HTTP call to the business system.

    `url`, `params` values and the string leaves of `body` are templates over the slots;
    `headers` take `${ENV}` secrets only (resolved at load). Connect errors and 5xx answers
    are retried `retries` times with exponential backoff; a read timeout is not (the system
    may have acted).
    """

    method: Method = "GET"
    url: str = Field(min_length=1)
    headers: dict[str, str] = Field(default_factory=dict, repr=False)
    params: dict[str, str] = Field(default_factory=dict)
    body: Any = None
    timeout_s: float = Field(default=5.0, gt=0, le=120)
    retries: int = Field(default=2, ge=0, le=10)
    backoff_s: float = Field(default=0.2, ge=0, le=10)
    expect: list[int] = Field(default_factory=lambda: [200, 201], min_length=1)
    not_found: list[int] = Field(default_factory=lambda: [404])
    rejected: list[int] = Field(default_factory=lambda: [409, 422])

    @field_validator("headers")
    @classmethod
    def _trimmed_headers(cls, headers: dict[str, str]) -> dict[str, str]:
        return {name: value.strip() for name, value in headers.items()}

    @field_validator("url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"url must start with http:// or https:// (got {url!r})")
        return url


class ErrorReplies(Strict):
    """Replies (templates) when the action does not succeed; defaults are generic apologies."""

    not_found: Text = Text(
        zh="抱歉，没有查到相关记录，请核对后再告诉我。",
        en="Sorry, I couldn't find that. Please check and tell me again.",
    )
    rejected: Text = Text(
        zh="抱歉，这个操作暂时无法完成。",
        en="Sorry, that can't be done at the moment.",
    )
    down: Text = Text(
        zh="抱歉，业务系统暂时无法访问，请稍后再试。",
        en="Sorry, our order system is unavailable right now. Please try again later.",
    )
    timeout: Text = Text(
        zh="抱歉，业务系统响应超时，请稍后再试。",
        en="Sorry, our order system is taking too long to answer. Please try again later.",
    )
    bad_response: Text = Text(
        zh="抱歉，业务系统返回了异常数据，暂时无法为您处理。",
        en="Sorry, our order system sent an unexpected answer, so I can't help with this right now.",
    )


class FlowSpec(Strict):
    """One task flow: when it starts, what it collects, what it calls, what it says."""

    name: str = Field(pattern=NAME_PATTERN)
    intents: list[Intent] = Field(min_length=1, description="the intents that start this flow")
    description: str = ""
    slots: list[SlotSpec] = Field(default_factory=list)
    confirm: ConfirmSpec | None = None
    action: ActionSpec
    reply: Text
    on_error: ErrorReplies = ErrorReplies()

    @model_validator(mode="after")
    def _unique_slots(self) -> FlowSpec:
        names = [slot.name for slot in self.slots]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"slot declared twice: {', '.join(duplicates)}")
        return self
