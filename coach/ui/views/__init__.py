"""One module per view: what a command shows, built from the layers below as rich renderables.

`feedback` (an evaluation), `summary` (the end of a practice session), `pack` (questions, the
role, a whole pack, the pack list, a tailored pack), `history` (past sessions and a tailored
pack's requirements), `batch` (`coach score --format table`), `calibration`, `backends`. Styles
are named here and coloured once, in `coach.ui.render.THEME`.
"""
