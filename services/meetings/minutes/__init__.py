"""During and after a meeting: sign-in (签到) and minutes (纪要) with their decisions (确定事项)."""
