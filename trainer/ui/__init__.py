"""The desktop app (Qt). Widgets here only draw and forward; the rules live in
:mod:`trainer.core`, which never imports Qt."""
