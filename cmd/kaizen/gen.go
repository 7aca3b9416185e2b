package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"kaizen/internal/config"
	"kaizen/internal/gen"
)

// genCmd fills an empty database with the national data set (issue #7);
// run again with the same options it changes nothing.
func genCmd(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flagSet("gen", stdout)
	seed := fs.Uint64("seed", 1, "seed of the generator: the same seed gives the same data")
	scale := fs.Float64("scale", 1, "share of the national size (0 < scale ≤ 1); all 2,807 units at any scale")
	password := fs.String("password", "kaizen-gen", "password of every generated account (gen-admin, gen-koordynator, gen-ekspert, gen-obserwator, gen-kierownik-<unit id>)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return withDB(ctx, cfg, log, func(d *database) error {
		if _, err := d.migrate(ctx); err != nil {
			return err
		}
		start := time.Now()
		counts, err := gen.Generate(ctx, d.Owner, gen.Options{Seed: *seed, Scale: *scale, Password: *password,
			Log: func(step string, took time.Duration) {
				fmt.Fprintf(stdout, "%-34s %8.1f s\n", step, took.Seconds())
			}})
		if errors.Is(err, gen.ErrDone) {
			fmt.Fprintf(stdout, "already generated with seed %d and scale %g: nothing to do\n", *seed, *scale)
			return nil
		}
		if err != nil {
			return err
		}
		c := counts
		fmt.Fprintf(stdout, "generated in %.1f s (seed %d, scale %g):\n", time.Since(start).Seconds(), *seed, *scale)
		fmt.Fprintf(stdout, "  units %d (voivodeships %d, powiats %d, gminas %d), accounts %d\n", c.Voivodeships+c.Powiats+c.Gminas, c.Voivodeships, c.Powiats, c.Gminas, c.Users)
		fmt.Fprintf(stdout, "  programmes %d, participations %d, participants %d\n", c.Programmes, c.Participations, c.Persons)
		fmt.Fprintf(stdout, "  sessions %d, session days %d, attendance rows %d\n", c.Sessions, c.SessionDay, c.Attendance)
		fmt.Fprintf(stdout, "  products %d, protocol versions %d %v\n", c.Products, c.Protocols, c.ProtocolStates)
		fmt.Fprintf(stdout, "  meetings %d, consultations %d\n", c.Meetings, c.Consultations)
		fmt.Fprintf(stdout, "  survey waves %d, responses %d, answers %d\n", c.SurveyWaves, c.SurveyResponses, c.SurveyAnswers)
		return nil
	})
}
