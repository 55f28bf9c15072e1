"""The documents of the Hội đồng Thi đua – Khen thưởng's sessions and of the award decisions:
the ballot paper (phiếu bầu), the tally (biên bản kiểm phiếu), the minutes (biên bản họp), the
decision with its list (quyết định khen thưởng) and the certificates (Giấy khen, Bằng khen, the
Chiến sĩ thi đua cơ sở certificate). `specs` declares their wording as templates an officer may
adjust; `builders` makes each `OfficialDocument` from plain data (pure: no Django)."""
