package domain

import "testing"

func TestPolishPlural(t *testing.T) {
	half := func(cents int64) Decimal { return DecimalFromCents(cents) }
	cases := []struct {
		got, want string
	}{
		{Count(1, NounDay), "1 dzień"},
		{Count(2, NounDay), "2 dni"},
		{Count(5, NounDay), "5 dni"},
		{Count(22, NounDay), "22 dni"},
		{Count(0, NounDay), "0 dni"},
		{Count(1, NounMeeting), "1 spotkanie"},
		{Count(4, NounMeeting), "4 spotkania"},
		{Count(5, NounMeeting), "5 spotkań"},
		{Count(12, NounMeeting), "12 spotkań"},
		{Count(13, NounMeeting), "13 spotkań"},
		{Count(14, NounMeeting), "14 spotkań"},
		{Count(21, NounMeeting), "21 spotkań"},
		{Count(22, NounMeeting), "22 spotkania"},
		{Count(24, NounMeeting), "24 spotkania"},
		{Count(1, NounSession), "1 sesja"},
		{Count(2, NounSession), "2 sesje"},
		{Count(5, NounSession), "5 sesji"},
		{Count(0, NounSession), "0 sesji"},
		{Count(112, NounSession), "112 sesji"},
		{Count(102, NounSession), "102 sesje"},
		{Count(1001, NounPerson), "1001 osób"},
		{Count(3, NounPerson), "3 osoby"},
		{Count(1, NounProtocol), "1 protokół"},
		{Count(3, NounProtocol), "3 protokoły"},
		{Count(11, NounProtocol), "11 protokołów"},
		{Count(-2, NounUnit), "-2 jednostki"},
		{Count(1, NounField), "1 pole"}, {Count(4, NounField), "4 pola"}, {Count(12, NounField), "12 pól"}, {Count(22, NounField), "22 pola"},
		{Count(3, NounParticipant), "3 uczestnicy"}, {Count(5, NounParticipant), "5 uczestników"},
		{CountDecimal(half(150), NounDay), "1,5 dnia"},
		{CountDecimal(half(50), NounDay), "0,5 dnia"},
		{CountDecimal(half(250), NounDay), "2,5 dnia"},
		{CountDecimal(half(200), NounDay), "2 dni"},
		{CountDecimal(half(100), NounDay), "1 dzień"},
		{CountDecimal(half(500), NounDay), "5 dni"},
		{CountDecimal(half(2200), NounGroup), "22 grupy"},
		{CountDecimal(half(1250), NounHour), "12,5 godziny"},
		{Count(1, NounDayOf), "1 dnia"},
		{Count(3, NounDayOf), "3 dni"},
		{Count(1, NounMeetingOf), "1 spotkania"},
		{Count(4, NounMeetingOf), "4 spotkań"},
		{Plural(1, "jednostkę", "jednostki", "jednostek"), "jednostkę"},
		{Plural(23, "jednostkę", "jednostki", "jednostek"), "jednostki"},
		{Plural(25, "jednostkę", "jednostki", "jednostek"), "jednostek"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
