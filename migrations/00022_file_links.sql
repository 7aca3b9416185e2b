-- +goose Up

-- Every table that links an evidence file, indexed by the file: `kaizen
-- verify` names each file's owner (one look-up per link table per file),
-- and deleting a file checks its references. Without these, verify on the
-- national data (200,156 files, 342,068 session scans) read the link tables
-- once per file and did not end within 9 minutes.
CREATE INDEX session_scans_file_idx ON session_scans (file_id);
CREATE INDEX meeting_scans_file_idx ON meeting_scans (file_id);
CREATE INDEX unit_product_files_file_idx ON unit_product_files (file_id);
CREATE INDEX protocol_files_file_idx ON protocol_files (file_id);
CREATE INDEX protocols_scan_file_idx ON protocols (scan_file_id) WHERE scan_file_id IS NOT NULL;
CREATE INDEX paper_records_scan_file_idx ON paper_records (scan_file_id);
CREATE INDEX indicator_manual_values_file_idx ON indicator_manual_values (file_id);
CREATE INDEX caf_score_files_file_idx ON caf_score_files (file_id);

-- +goose Down
DROP INDEX caf_score_files_file_idx;
DROP INDEX indicator_manual_values_file_idx;
DROP INDEX paper_records_scan_file_idx;
DROP INDEX protocols_scan_file_idx;
DROP INDEX protocol_files_file_idx;
DROP INDEX unit_product_files_file_idx;
DROP INDEX meeting_scans_file_idx;
DROP INDEX session_scans_file_idx;
