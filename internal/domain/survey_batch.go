package domain

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// SurveyBatch is a coordinator's decision on the responses of a wave that
// arrived in a date range through a channel (all channels when empty):
// approved, on hold or rejected, with a reason. Only approved responses
// count in the results.
type SurveyBatch struct {
	ID      int64
	WaveID  int64
	State   ValidationState
	Reason  string
	From    time.Time
	To      time.Time
	Channel SurveyChannel // "": every channel
	// Read with the batch:
	Description string // the selection, as stored
	DecidedBy   string
	DecidedAt   time.Time
	Responses   int // responses the batch decides now (a later batch may take some)
}

// Field names of the validation batch form.
const (
	FieldBatchState   = "state"
	FieldBatchReason  = "reason"
	FieldBatchFrom    = "from"
	FieldBatchTo      = "to"
	FieldBatchChannel = "channel"
)

// ValidationStates lists the states in the order the UI shows them.
var ValidationStates = []ValidationState{ValidationApproved, ValidationOnHold, ValidationRejected}

// Validate checks a batch's fields.
func (b *SurveyBatch) Validate() error {
	v := Validation{}
	switch b.State {
	case ValidationApproved, ValidationOnHold, ValidationRejected:
	default:
		v.Add(FieldBatchState, "Wybierz decyzję: zatwierdzić, wstrzymać albo odrzucić.")
	}
	b.Reason = strings.TrimSpace(b.Reason)
	if b.Reason == "" || utf8.RuneCountInString(b.Reason) > 2000 {
		v.Add(FieldBatchReason, "Podaj powód decyzji (najwyżej 2000 znaków) – zostanie zapisany przy ankietach.")
	}
	switch b.Channel {
	case "", ChannelOnline, ChannelPaper, ChannelInvited:
	default:
		v.Add(FieldBatchChannel, "Wybierz sposób zbierania z listy.")
	}
	if b.From.IsZero() {
		v.Add(FieldBatchFrom, "Podaj pierwszy dzień odpowiedzi, których dotyczy decyzja.")
	}
	if b.To.IsZero() {
		v.Add(FieldBatchTo, "Podaj ostatni dzień odpowiedzi, których dotyczy decyzja.")
	} else if !b.From.IsZero() && b.To.Before(b.From) {
		v.Add(FieldBatchTo, "Ostatni dzień nie może być wcześniejszy niż pierwszy.")
	}
	return v.Err()
}

// Selection describes the responses a batch takes, in Polish.
func (b *SurveyBatch) Selection() string {
	ch := "wszystkie sposoby"
	if b.Channel != "" {
		ch = b.Channel.Label()
	}
	return b.From.Format("2006-01-02") + " – " + b.To.Format("2006-01-02") + ", " + ch
}

// KeyingSheet is one paper sheet keyed twice: the items whose answers
// differ between the two keyings.
type KeyingSheet struct {
	Sheet   string
	Items   int      // items compared
	Differ  []string // codes of the items that differ
	Missing bool     // the first keying of the sheet is not there (deleted)
	KeyedBy string
	KeyedAt time.Time
}

// KeyingReport is a wave's second keyings compared with the first.
type KeyingReport struct {
	Sheets []KeyingSheet
	Items  int // items compared, every sheet
	Agree  int // of them the same in both keyings
}

// Agreement is the share of compared items keyed the same, 0–1 (1 when
// nothing was compared).
func (r KeyingReport) Agreement() float64 {
	if r.Items == 0 {
		return 1
	}
	return float64(r.Agree) / float64(r.Items)
}

// CompareKeyings compares two keyings of a sheet item by item: an item
// agrees when both give the same set of values and the same text.
func (qv *QuestionnaireVersion) CompareKeyings(first, second []SurveyAnswer) (differ []string) {
	key := func(as []SurveyAnswer, id int64) string {
		var vals []string
		for _, a := range as {
			if a.ItemID == id {
				vals = append(vals, strconv.Itoa(a.Value)+"\x00"+strings.TrimSpace(a.Text))
			}
		}
		slices.Sort(vals)
		return strings.Join(vals, "\x01")
	}
	for _, it := range qv.Items {
		if key(first, it.ID) != key(second, it.ID) {
			differ = append(differ, it.Code)
		}
	}
	return differ
}
