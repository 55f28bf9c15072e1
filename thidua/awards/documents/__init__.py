"""The awards app's official documents: the tờ trình (Mẫu số 01) of a unit's list in a round
and the báo cáo thành tích of one nomination — templates, pure builders."""
