"""The bank in and out of learning-management systems: Moodle XML, Canvas QTI 1.2 and GIFT."""
