package domain

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CommonPasswords is a list of common and breached passwords
// (internal/pwlist holds the embedded one).
type CommonPasswords interface {
	Contains(password string) bool
}

// NewPassword is a password being set for an account: by its owner, by an
// administrator or by `kaizen user add`.
type NewPassword struct {
	Password, Confirm     string
	Username, DisplayName string // the account's, which the password must not contain
	Field                 string // the form field the message belongs to
}

// MinPasswordBits is the least estimated entropy of a new password, in
// bits (PasswordBits): ten random digits fall short of it, ten random
// lower-case letters pass.
const MinPasswordBits = 36

// Validate checks the password against the policy: length 10–256
// characters (long passphrases welcome), not on the list of common and
// breached passwords, not containing the username, a part of the person's
// name of three or more letters or "kaizen" (case and Polish letters
// folded), and not guessable by its patterns (PasswordBits). common must
// not be nil.
func (p NewPassword) Validate(common CommonPasswords) error {
	if common == nil {
		panic("NewPassword.Validate without a list of common passwords")
	}
	v := Validation{}
	n := utf8.RuneCountInString(p.Password)
	folded := foldLetters(p.Password)
	switch {
	case n == 0:
		v.Add(p.Field, "Podaj hasło.")
	case p.Password == DemoPassword:
		v.Add(p.Field, "Hasło „demo” jest zarezerwowane dla kont demonstracyjnych. Wybierz inne hasło.")
	case n < PasswordMin:
		v.Add(p.Field, "Hasło musi mieć co najmniej 10 znaków.")
	case n > PasswordMax:
		v.Add(p.Field, "Hasło może mieć najwyżej 256 znaków.")
	case p.Username != "" && strings.Contains(folded, foldLetters(p.Username)):
		v.Add(p.Field, "Hasło nie może zawierać nazwy użytkownika.")
	case containsNamePart(folded, p.DisplayName):
		v.Add(p.Field, "Hasło nie może zawierać imienia ani nazwiska.")
	case strings.Contains(folded, "kaizen"):
		v.Add(p.Field, "Hasło nie może zawierać nazwy systemu „kaizen”.")
	case common.Contains(p.Password) || common.Contains(strings.TrimSpace(p.Password)):
		v.Add(p.Field, "To hasło jest na liście często używanych lub wykradzionych haseł. Wybierz inne.")
	case PasswordBits(p.Password, common) < MinPasswordBits:
		v.Add(p.Field, "Hasło jest zbyt łatwe do odgadnięcia: powtórzenia, kolejne znaki lub klawisze, popularne słowa. Wybierz dłuższe hasło, np. kilka przypadkowych słów.")
	}
	if p.Password != p.Confirm {
		v.Add(p.Field+"_confirm", "Hasła nie są takie same.")
	}
	return v.Err()
}

// containsNamePart reports whether folded (a folded password) contains a
// part of name of three or more letters.
func containsNamePart(folded, name string) bool {
	for _, part := range strings.FieldsFunc(foldLetters(name), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if utf8.RuneCountInString(part) >= 3 && strings.Contains(folded, part) {
			return true
		}
	}
	return false
}

// letterFold takes letters with diacritics to their base letter.
var letterFold = strings.NewReplacer(
	"ą", "a", "ć", "c", "ę", "e", "ł", "l", "ń", "n", "ó", "o", "ś", "s", "ź", "z", "ż", "z",
	"á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "č", "c", "ç", "c", "ď", "d",
	"é", "e", "è", "e", "ê", "e", "ë", "e", "ě", "e", "í", "i", "ì", "i", "î", "i", "ï", "i",
	"ň", "n", "ñ", "n", "ò", "o", "ô", "o", "ö", "o", "õ", "o", "ő", "o", "ř", "r", "š", "s",
	"ť", "t", "ú", "u", "ù", "u", "û", "u", "ü", "u", "ű", "u", "ů", "u", "ý", "y", "ÿ", "y", "ž", "z",
)

// foldLetters lower-cases s and takes away diacritics.
func foldLetters(s string) string { return letterFold.Replace(strings.ToLower(s)) }

// keyboardRows are the rows of a Polish (programmer's, QWERTY) keyboard.
var keyboardRows = []string{"1234567890-=", "qwertyuiop[]", "asdfghjkl;'\\", "zxcvbnm,./"}

// adjacentKeys reports whether a and b are neighbouring keys: beside each
// other in a row, or above each other (the key straight above or above
// and to the right, as rows are staggered).
func adjacentKeys(a, b rune) bool {
	a, b = unicode.ToLower(a), unicode.ToLower(b)
	row, col := -1, -1
	for i, r := range keyboardRows {
		if c := strings.IndexRune(r, a); c >= 0 {
			row, col = i, c
		}
	}
	if row < 0 {
		return false
	}
	for i := max(row-1, 0); i <= min(row+1, len(keyboardRows)-1); i++ {
		c := strings.IndexRune(keyboardRows[i], b)
		if c < 0 {
			continue
		}
		switch i - row {
		case 0:
			if c == col-1 || c == col+1 {
				return true
			}
		case 1:
			if c == col || c == col-1 {
				return true
			}
		case -1:
			if c == col || c == col+1 {
				return true
			}
		}
	}
	return false
}

// class is a character's kind for the size of the alphabet it is drawn from.
func class(r rune) int {
	switch {
	case r >= 'a' && r <= 'z':
		return 0
	case r >= 'A' && r <= 'Z':
		return 1
	case r >= '0' && r <= '9':
		return 2
	case r < utf8.RuneSelf:
		return 3
	}
	return 4
}

// classSizes are the alphabet sizes of the classes.
var classSizes = [5]float64{26, 26, 10, 33, 100}

// PasswordBits estimates how many bits of guessing a password takes, in
// the way of zxcvbn: the cheapest cover of the password by pieces, where
// a piece is a character (log2 of the alphabet the password draws from;
// 1 bit when it repeats the previous character, 2 when it is the next or
// previous in order (abc, 321) or a neighbouring key (qwe, 1qaz)), a
// stretch of 4 or more characters found on the list of common passwords
// (log2 of the list's size, 1 more with capitals), a year 1900–2099
// (log2 of 200), or a stretch of 3 or
// more repeating an earlier part (log2 of where and how long, plus 1).
func PasswordBits(password string, common CommonPasswords) float64 {
	rs := []rune(password)
	n := len(rs)
	if n == 0 {
		return 0
	}
	var seen [5]bool
	for _, r := range rs {
		seen[class(r)] = true
	}
	alphabet := 0.0
	for i, ok := range seen {
		if ok {
			alphabet += classSizes[i]
		}
	}
	charBits := math.Log2(alphabet)
	const listBits = 18.7 // log2 of about 430 000 entries
	const longest = 32    // the longest list entry looked for inside a password
	best := make([]float64, n+1)
	for i := n - 1; i >= 0; i-- {
		c := charBits
		if i > 0 {
			prev, r := rs[i-1], rs[i]
			switch {
			case r == prev:
				c = 1
			case class(r) == class(prev) && (r == prev+1 || r == prev-1), adjacentKeys(prev, r):
				c = 2
			}
		}
		b := c + best[i+1]
		for j := i + 4; j <= n && j-i <= longest; j++ {
			piece := string(rs[i:j])
			if common.Contains(piece) {
				cost := listBits
				if piece != strings.ToLower(piece) {
					cost++
				}
				b = min(b, cost+best[j])
			}
		}
		if i+4 <= n && isYear(rs[i:i+4]) {
			b = min(b, yearBits+best[i+4])
		}
		if i >= 3 {
			earlier := string(rs[:i])
			for j := i + 3; j <= n; j++ {
				if !strings.Contains(earlier, string(rs[i:j])) {
					break
				}
				b = min(b, math.Log2(float64(i))+math.Log2(float64(j-i))+1+best[j])
			}
		}
		best[i] = b
	}
	return best[0]
}

// yearBits is the cost of a year of 1900–2099 inside a password.
var yearBits = math.Log2(200)

// isYear reports whether the four characters are a year of 1900–2099.
func isYear(rs []rune) bool {
	for _, r := range rs {
		if r < '0' || r > '9' {
			return false
		}
	}
	return rs[0] == '1' && rs[1] == '9' || rs[0] == '2' && rs[1] == '0'
}
