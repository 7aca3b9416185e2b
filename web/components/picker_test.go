package components

import (
	"net/url"
	"strings"
	"testing"
)

func TestReadPicker(t *testing.T) {
	for _, tc := range []struct {
		name string
		vals url.Values
		want PickerRequest
	}{
		{"FirstShow", url.Values{}, PickerRequest{}},
		{"SaveUnchangedSearch", url.Values{"u_q": {"Bielawa"}, "u_q_shown": {"Bielawa"}}, PickerRequest{Query: "Bielawa"}},
		{"SearchButton", url.Values{"u_q": {" Bielawa "}, "u_q_shown": {""}, "u_search": {"1"}}, PickerRequest{Query: "Bielawa", Searching: true}},
		{"EnterInSearchBox", url.Values{"u_q": {"Bielawa"}, "u_q_shown": {"Biel"}}, PickerRequest{Query: "Bielawa", Searching: true}},
		{"SaveButtonWins", url.Values{"u_q": {"Bielawa"}, "u_q_shown": {"Biel"}, FieldSave: {"1"}}, PickerRequest{Query: "Bielawa"}},
		{"NextPage", url.Values{"u_q": {"a"}, "u_q_shown": {"a"}, "u_page": {"20"}}, PickerRequest{Query: "a", Offset: 20, Searching: true}},
		{"FirstPageAgain", url.Values{"u_q": {"a"}, "u_q_shown": {"a"}, "u_page": {"0"}}, PickerRequest{Query: "a", Searching: true}},
		{"PageOfAnotherSearch", url.Values{"u_q": {"b"}, "u_q_shown": {"a"}, "u_page": {"20"}}, PickerRequest{Query: "b", Searching: true}},
		{"BadPage", url.Values{"u_page": {"-5"}}, PickerRequest{Searching: true}},
		{"LongQuery", url.Values{"u_q": {strings.Repeat("ż", 150)}, "u_search": {"1"}}, PickerRequest{Query: strings.Repeat("ż", 100), Searching: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ReadPicker(tc.vals, "u"); got != tc.want {
				t.Fatalf("ReadPicker = %+v, want %+v", got, tc.want)
			}
		})
	}
}
