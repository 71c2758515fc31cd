"""The `kefu` command: thin over the same code the API uses."""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import asdict
from typing import Annotated, Any

import typer
from rich.table import Table

from kefu.commands.audit import audit_app
from kefu.commands.auth import auth_app
from kefu.commands.common import console, errors, run, settings_or_exit
from kefu.commands.evaluate import eval_app
from kefu.commands.kb import kb_app
from kefu.commands.nlu import nlu_app
from kefu.commands.safety import safety_app
from kefu.commands.stats import stats
from kefu.dialog.conversations import StoredTurn
from kefu.dialog.runtime import Runtime, open_runtime
from kefu.errors import KefuError
from kefu.ops.logs import configure_logging

app = typer.Typer(help="kefu (客服): on-premise AI customer service.", no_args_is_help=True)
model_app = typer.Typer(help="The LLM being served.", no_args_is_help=True)
config_app = typer.Typer(help="Settings.", no_args_is_help=True)
app.add_typer(model_app, name="model")
app.add_typer(config_app, name="config")
app.add_typer(kb_app, name="kb")
app.add_typer(eval_app, name="eval")
app.add_typer(nlu_app, name="nlu")
app.add_typer(safety_app, name="safety")
app.add_typer(audit_app, name="audit")
app.add_typer(auth_app, name="auth")
app.command("stats")(stats)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="address to bind")] = None,
    port: Annotated[int | None, typer.Option(help="port to bind")] = None,
) -> None:
    """Serve the HTTP API (default http://127.0.0.1:8000)."""
    import uvicorn

    from kefu.api.app import create_app

    settings = settings_or_exit(host=host, port=port)
    configure_logging(settings.log_level, settings.effective_log_format)

    async def main() -> None:
        # The runtime opens before uvicorn starts, so a start-up failure (model missing or corrupt,
        # llama-server not built) is one clear message and exit code 1, not a lifespan traceback.
        async with open_runtime(settings) as runtime:
            app = create_app(settings, runtime=runtime)
            config = uvicorn.Config(
                app,
                host=settings.host,
                port=settings.port,
                log_level=settings.log_level,
                log_config=None,  # uvicorn's loggers go to kefu's handler (JSON lines, PII masked)
                timeout_graceful_shutdown=10,
            )
            await uvicorn.Server(config).serve()

    run(main)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="the customer's message")],
    kb: Annotated[str | None, typer.Option(help="knowledge base")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the messages endpoint's fields")] = False,
) -> None:
    """Answer one message through the full pipeline."""
    settings = settings_or_exit()

    async def main() -> None:
        async with open_runtime(settings) as runtime:
            turn = await runtime.conversations.answer_once(question, kb or settings.default_kb, "cli")
        result = turn.result
        if as_json:
            fields = {
                "conversation_id": turn.conversation_id,
                "message_id": turn.message_id,
                **asdict(result),
                "state": turn.state.model_dump(exclude={"history"}) if turn.state else None,
            }
            fields.pop("language")
            fields.pop("outcome")
            print(json.dumps(fields, ensure_ascii=False, indent=2))
        else:
            print(result.reply)

    run(main)


@app.command()
def chat(
    kb: Annotated[str | None, typer.Option(help="knowledge base")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="show route, intent, slots and state")] = False,
) -> None:
    """Talk to kefu in the terminal, over several turns (Ctrl-D or 'exit' to leave)."""
    settings = settings_or_exit()

    async def main() -> None:
        async with open_runtime(settings) as runtime:
            conversation = await runtime.conversations.create(kb or settings.default_kb, channel="cli")
            console.print(f"[dim]conversation {conversation.id} · knowledge base {conversation.kb}[/dim]")
            while (text := await asyncio.to_thread(_prompt)) is not None:
                await _chat_turn(runtime, conversation.id, text, debug)

    run(main)


def _prompt() -> str | None:
    try:
        text = input("你> ")
    except EOFError:
        return None
    return None if text.strip() in ("exit", "quit", "退出") else text


async def _chat_turn(runtime: Runtime, conversation_id: str, text: str, debug: bool) -> None:
    sys.stdout.write("客服> ")
    try:
        async for event in runtime.conversations.stream_reply(conversation_id, text):
            if isinstance(event, str):
                sys.stdout.write(event)
                sys.stdout.flush()
            else:
                console.print(f"\n[dim]{_turn_summary(event, debug)}[/dim]", highlight=False)
    except KefuError as exc:
        errors.print(f"\n[red]{exc.message_zh}[/red]")


def _turn_summary(turn: StoredTurn, debug: bool) -> str:
    result = turn.result
    if not debug:
        return f"({result.route}, {result.latency_ms} ms)"
    state = turn.state
    form = state.active_form if state else None
    lines = [
        f"route={result.route} intent={result.intent} confidence={result.confidence} "
        f"latency={result.latency_ms}ms",
        f"slots={json.dumps(result.slots, ensure_ascii=False)}",
        f"citations={[c.id for c in result.citations]}",
    ]
    if result.task:
        lines.append(f"task={result.task} status={result.task_status}")
    if result.handoff_reason:
        lines.append(f"handoff={result.handoff_reason}")
    if state is not None:
        lines.append(
            f"state: form={form.model_dump() if form else None} failed_turns={state.failed_turns} "
            f"sentiment={state.sentiment:.2f} slots={json.dumps(state.slots, ensure_ascii=False)}"
        )
    return "\n".join(lines)


@model_app.command("info")
def model_info(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Show the loaded model: name, quantization, context length, file hash, parameters."""
    from kefu.engine.model_file import file_sha256
    from kefu.engine.registry import create_engine

    settings = settings_or_exit()

    async def main() -> dict[str, Any]:
        engine = create_engine(settings)
        await engine.start()
        try:
            info = asdict(engine.describe())
        finally:
            await engine.aclose()
        if info.get("path"):
            from pathlib import Path

            info["sha256"] = await asyncio.to_thread(file_sha256, Path(info["path"]))
        return info

    info = run(main)
    if as_json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return
    table = Table(show_header=False)
    for key, value in info.items():
        if key != "parameters":
            table.add_row(key, str(value))
    for key, value in info["parameters"].items():
        table.add_row(f"  {key}", str(value))
    console.print(table)


@config_app.command("show")
def config_show(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Print the effective settings (secrets hidden) and what the engine receives."""
    from kefu.engine.registry import engine_arguments

    settings = settings_or_exit()
    try:
        mapped = engine_arguments(settings)
    except KefuError as exc:
        errors.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(2) from None
    values = {**settings.public_dump(), "engine_arguments": mapped}
    if as_json:
        print(json.dumps(values, ensure_ascii=False, indent=2, default=str))
        return
    table = Table("setting", "value")
    for key, value in values.items():
        table.add_row(key, json.dumps(value, ensure_ascii=False, default=str))
    console.print(table)
