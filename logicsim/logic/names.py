"""The rules for net names, defined once for circuit files, the simulator and the workbench.

A circuit file names its nets and instances with identifiers (:data:`NET_NAME`).  Flattening
joins instance paths with dots (``ff1.q``), and a reference from outside a circuit (a lesson's
``input.<NET>``, a watched net) may also carry bus brackets and slashes (:data:`NET_PATH`).
"""

from __future__ import annotations

import re

#: A net or instance name inside a circuit file: a letter or underscore, then letters, digits, _.
NET_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

#: A net as the workbench and lessons name it: starts like :data:`NET_NAME`, then may hold
#: instance paths (``.``, ``/``) and bus-bit brackets (``[0]``).
NET_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\[\]/]*$")
