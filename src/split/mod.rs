//! Split arithmetic in integer fen (filled in by the split module work).
