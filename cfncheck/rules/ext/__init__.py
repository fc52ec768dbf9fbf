"""The EXT rules."""
