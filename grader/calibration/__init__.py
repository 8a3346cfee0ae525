"""Calibration: fitting a rubric to a teacher's marks, the calibrated rubric file, learned marks."""
