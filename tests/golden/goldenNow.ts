// The fixed clock of the golden transcripts: a Friday morning in Beijing, inside working hours.
export const GOLDEN_NOW = "2025-03-14T10:00:00+08:00";
