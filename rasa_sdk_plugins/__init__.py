"""rasa-sdk's plugin package (it imports `rasa_sdk_plugins` if one exists): attaches
Luna's start-up checks and chat page to the action server."""

import pluggy

hookimpl = pluggy.HookimplMarker("rasa_sdk")


class LunaActionServer:
    @hookimpl
    def attach_sanic_app_extensions(self, app):
        from actions.server_extensions import attach

        attach(app)


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(LunaActionServer())
