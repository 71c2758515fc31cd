"""kefu's web front end: the chat widget, the /chat page, the login page and the consoles' shells
(server-rendered Jinja2 templates, vanilla JavaScript modules, vendored libraries). docs/web.md."""
