"""Pieces every SmartBreeds service shares, written once per framework.

Framework-free modules live at the top level; `smartbreeds_common.django` and
`smartbreeds_common.fastapi` adapt them to each framework.
"""
