"""Joint intent classification and slot filling: a BiLSTM-CRF trained per deployment (docs/nlu.md).

model = NluModel.load(resolve_model_dir(settings))
prediction = model.predict("我的订单XH202611250001到哪了")
prediction.intent, prediction.slots  # "logistics", [SlotSpan("order_id", "XH202611250001", 4, 18)]
"""

from kefu.nlu.errors import NluModelError
from kefu.nlu.predictor import DEMO_MODEL_DIR, NONE, NluModel, Prediction, SlotSpan, resolve_model_dir

__all__ = [
    "DEMO_MODEL_DIR",
    "NONE",
    "NluModel",
    "NluModelError",
    "Prediction",
    "SlotSpan",
    "resolve_model_dir",
]
