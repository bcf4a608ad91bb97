"""Grading on a cluster: glue to distributed engines, imported only when a grader asks for one."""
