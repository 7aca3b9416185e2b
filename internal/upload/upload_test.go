package upload

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

func pngBytes(t testing.TB) []byte {
	var b bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.Black)
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t testing.TB) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 2, 2)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSniffScan(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		ct   string
		ok   bool
	}{
		{"PDF", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "application/pdf", true},
		{"PNG", pngBytes(t), "image/png", true},
		{"JPEG", jpegBytes(t), "image/jpeg", true},
		{"ErrText", []byte("lista obecności"), "text/plain", false},
		{"ErrHTML", []byte("<html><script>alert(1)</script>"), "text/html", false},
		{"ErrZip", []byte("PK\x03\x04rest"), "application/zip", false},
		{"ErrEXE", []byte("MZ\x90\x00"), "application/octet-stream", false},
		{"ErrGIF", []byte("GIF89a....."), "image/gif", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ct, ok := SniffScan(tc.data)
			if ct != tc.ct || ok != tc.ok {
				t.Fatalf("SniffScan = %s, %v; want %s, %v", ct, ok, tc.ct, tc.ok)
			}
		})
	}
}

func FuzzSniffScan(f *testing.F) {
	f.Add([]byte("%PDF-1.4"))
	f.Add(pngBytes(f))
	f.Add(jpegBytes(f))
	f.Add([]byte("<html>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ct, ok := SniffScan(data)
		if ok {
			switch ct {
			case "application/pdf":
				if !bytes.HasPrefix(data, []byte("%PDF-")) {
					t.Fatalf("accepted as PDF without the %%PDF- signature: %q", data[:min(len(data), 16)])
				}
			case "image/png":
				if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
					t.Fatal("accepted as PNG without the PNG signature")
				}
			case "image/jpeg":
				if !bytes.HasPrefix(data, []byte("\xff\xd8\xff")) {
					t.Fatal("accepted as JPEG without the JPEG signature")
				}
			default:
				t.Fatalf("accepted an unexpected type %s", ct)
			}
		}
	})
}
