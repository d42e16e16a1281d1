"""Loaded at start-up by Python processes a reliability test starts: install the network guard."""

import network_guard

network_guard.install()
