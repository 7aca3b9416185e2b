package domain

import (
	"strings"
	"testing"
)

// fakeList is a small list of common passwords for the rule's tests; the
// embedded list is tested with the rule in internal/pwlist.
type fakeList map[string]bool

func (l fakeList) Contains(p string) bool { return l[strings.ToLower(p)] }

var someCommon = fakeList{"password12": true, "1234567890": true, "admin": true, "password": true, "qwerty": true, "zima": true}

func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		name, pw, confirm, field string
	}{
		{"Valid", "dobre-haslo-2026", "dobre-haslo-2026", ""},
		{"ValidPolish", "gęślą jaźń 42", "gęślą jaźń 42", ""},
		{"Valid256", exactly256, exactly256, ""},
		{"ValidPassphrase64", strings.Repeat("grzmot latarnia kubek szron ", 3), strings.Repeat("grzmot latarnia kubek szron ", 3), ""},
		{"ValidPassphrase256", "Wiosną nad Wisłą grzmi, a latarnik liczy mewy: 7 szarych, 3 białe i jedna zielona, którą nikt nie widział od lat; kubek herbaty stygnie na parapecie obok starej mapy Bałtyku z 1987 roku.",
			"Wiosną nad Wisłą grzmi, a latarnik liczy mewy: 7 szarych, 3 białe i jedna zielona, którą nikt nie widział od lat; kubek herbaty stygnie na parapecie obok starej mapy Bałtyku z 1987 roku.", ""},
		{"ErrEmpty", "", "", "password"},
		{"ErrDemo", "demo", "demo", "password"},
		{"ErrShort", "krótkie", "krótkie", "password"},
		{"ErrLong", strings.Repeat("x", 257), strings.Repeat("x", 257), "password"},
		{"ErrSameAsUsername", "Anna.Kowalska", "Anna.Kowalska", "password"},
		{"ErrContainsUsername", "xAnna.kowalska!9", "xAnna.kowalska!9", "password"},
		{"ErrContainsName", "Kowalska-w-Gdansku", "Kowalska-w-Gdansku", "password"},
		{"ErrContainsNameFolded", "zolc-KOWALSKA-77", "zolc-KOWALSKA-77", "password"},
		{"ErrContainsFirstNameDiacritics", "ŁuCJa-ma-kota-9", "ŁuCJa-ma-kota-9", "password"},
		{"ErrKaizen", "Mój-KAIZEN-2026", "Mój-KAIZEN-2026", "password"},
		{"ErrCommon", "Password12", "Password12", "password"},
		{"ErrCommonDigits", "1234567890", "1234567890", "password"},
		{"ErrRepeatedChar", "aaaaaaaaaa", "aaaaaaaaaa", "password"},
		{"ErrRepeatedPart", "kier3kier3", "kier3kier3", "password"},
		{"ErrWordAndSequence", "Admin12345", "Admin12345", "password"},
		{"ErrKeyboard", "qwertyuiop[]", "qwertyuiop[]", "password"},
		{"ErrKeyboardColumns", "1qaz2wsx3edc", "1qaz2wsx3edc", "password"},
		{"ErrAlphabet", "abcdefghijkl", "abcdefghijkl", "password"},
		{"ErrMismatch", "dobre-haslo-2026", "inne-haslo-2026", "password_confirm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := NewPassword{Password: tc.pw, Confirm: tc.confirm, Username: "anna.kowalska", DisplayName: "Łucja Anna Kowalska-Żółć", Field: "password"}.Validate(someCommon)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("%v (%.1f bits)", err, PasswordBits(tc.pw, someCommon))
				}
				return
			}
			if FieldErrors(err)[tc.field] == "" {
				t.Fatalf("err = %v (%.1f bits), want a message at %s", err, PasswordBits(tc.pw, someCommon), tc.field)
			}
		})
	}
}

// exactly256 is a passphrase of PasswordMax characters.
var exactly256 = string([]rune(strings.Repeat("Mewy nad Helem, 7 szarych i 3 białe; ", 8))[:PasswordMax])

func TestPasswordBits(t *testing.T) {
	for _, tc := range []struct {
		pw       string
		min, max float64
	}{
		{"aaaaaaaaaa", 0, 20},
		{"kier3kier3", 0, 35},
		{"Admin12345", 0, 35},
		{"8461737285", 30, 35.9}, // ten random digits: too few
		{"xkqmvbrtpw", 40, 60},   // ten random letters: enough
		{"Wiosna-nad-Wisłą-1987", 60, 200},
	} {
		if b := PasswordBits(tc.pw, someCommon); b < tc.min || b > tc.max {
			t.Errorf("PasswordBits(%q) = %.1f, want %.0f–%.0f", tc.pw, b, tc.min, tc.max)
		}
	}
}

func TestValidatePasswordNeedsList(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Validate without a list did not panic")
		}
	}()
	_ = NewPassword{Password: "dobre-haslo-2026", Confirm: "dobre-haslo-2026"}.Validate(nil)
}
