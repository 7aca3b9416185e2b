package pages

import (
	"kaizen/internal/csvin"
	"kaizen/internal/unitcsv"
	"kaizen/web/paths"
)

// Fields every CSV import sends back besides FieldImportData.
const (
	// FieldImportEncoding is the 8-bit encoding the user chose for a file
	// (csvin.EncWin1250 or csvin.EncISO8859_2).
	FieldImportEncoding = "encoding"
	// FieldImportFileName is the uploaded file's name, kept for the preview.
	FieldImportFileName = "file_name"
)

// EncodingChoice asks which Polish code page an 8-bit file is in: both
// readings of its first differing lines and a choice that shows the
// preview again, without JavaScript (the file travels in Hidden).
type EncodingChoice struct {
	Action   string
	Readings []csvin.Reading
	Chosen   string      // "" while nothing is chosen
	Hidden   [][2]string // name, value: the file and the form's other fields
}

// encodingOptions are the radio buttons of an EncodingChoice.
func encodingOptions() []string { return csvin.EightBit }

// unitImportIgnored are the columns the global unit import does not read:
// the areas column only counts when importing into a programme.
func unitImportIgnored(f *unitcsv.File, intoProgramme bool) []string {
	out := append([]string(nil), f.Ignored...)
	if f.HasAreas && !intoProgramme {
		out = append(out, "Obszary (używane tylko przy imporcie do programu)")
	}
	return out
}

// encodingChoice is the question about the file's code page, or its answer
// that can be changed; the legal-basis fields travel with it.
func (v AttendanceImportView) encodingChoice() EncodingChoice {
	c := EncodingChoice{Action: paths.TrainingSessionImport(v.Programme.ID, v.Session.ID), Readings: v.Readings, Chosen: v.Encoding,
		Hidden: [][2]string{{FieldImportData, v.Data}}}
	for _, f := range []string{FieldImportLegalBasis, FieldImportBasisDate, FieldImportRetentionUntil} {
		c.Hidden = append(c.Hidden, [2]string{f, v.Form.Get(f)})
	}
	if v.File != nil {
		c.Readings = v.File.Readings
	}
	return c
}
