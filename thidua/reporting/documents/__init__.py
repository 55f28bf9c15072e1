"""Official documents the reporting app issues through the documents engine: a unit's Báo cáo
định kỳ of a period, its Báo cáo kết quả chấm điểm (the scorecard) and the Sở's Thông báo of a
cluster's ranking. `specs` declares their wording, `builders` makes them from what the pages'
selectors read (the same figures, printed the same way)."""
