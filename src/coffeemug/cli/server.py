"""``coffeemug serve`` and ``coffeemug settings``."""

from __future__ import annotations

import typer

from coffeemug.settings import Settings, get_settings


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
        port: int = typer.Option(8000, help="TCP port."),
        workers: int = typer.Option(1, min=1, help="Worker processes (stateless; share the DB)."),
        reload: bool = typer.Option(False, help="Restart on code changes (development)."),
    ) -> None:
        """Serve the web interface and the HTTP API."""
        import uvicorn

        get_settings()  # fail fast on bad configuration, before forking workers
        uvicorn.run(
            "coffeemug.app:create_served_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            reload=reload,
            log_level="info",
            # A worker loads the sentence encoder and every module before it answers the
            # supervisor's health check; on a busy machine that can take longer than 5 s.
            timeout_worker_healthcheck=60,
        )

    @app.command("settings")
    def show_settings() -> None:
        """List every setting, its environment variable, current value and meaning."""
        current = get_settings()
        for name, field in Settings.model_fields.items():
            value = getattr(current, name)
            if name == "secret_key":
                value = "***"
            typer.echo(f"COFFEEMUG_{name.upper()}={value}\n    {field.description}")
