"""The role-play (``resetsim classroom``): students play the actors, the model plays the rest.

:mod:`~resetsim.viz.classroom.roles` (roles and their decisions, checked),
:mod:`~resetsim.viz.classroom.record` (a session as data and the run it makes),
:mod:`~resetsim.viz.classroom.session` (the live session), :mod:`~resetsim.viz.classroom.debrief`
(the comparison with the model's own run, export), :mod:`~resetsim.viz.classroom.cards`
(role cards and run sheet), and the solara pages: :mod:`~resetsim.viz.classroom.student`,
:mod:`~resetsim.viz.classroom.teacher`, :mod:`~resetsim.viz.classroom.app`.
"""
