package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"kaizen/internal/auth"
	"kaizen/internal/config"
	"kaizen/internal/domain"
	"kaizen/internal/pwlist"
	"kaizen/internal/store"
)

type unitList []int64

func (u *unitList) String() string { return fmt.Sprint(*u) }
func (u *unitList) Set(s string) error {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("unit id must be a positive number, not %q", s)
	}
	*u = append(*u, id)
	return nil
}

func userCmd(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: kaizen user add|list")
	}
	switch args[0] {
	case "add":
		fs := flagSet("user add", stdout)
		username := fs.String("username", "", "login name")
		role := fs.String("role", "", "admin, coordinator, expert, unit_manager, viewer or assessor")
		name := fs.String("name", "", "full name shown in the application (default: the username)")
		var units unitList
		fs.Var(&units, "unit", "unit id a unit manager or assessor is bound to (repeatable)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		u := &domain.User{Username: domain.NormalizeUsername(*username), DisplayName: strings.TrimSpace(*name),
			Role: domain.Role(*role), UnitIDs: units, Active: true, AllProgrammes: domain.CanHaveAllProgrammes(domain.Role(*role))}
		if u.DisplayName == "" {
			u.DisplayName = u.Username
		}
		if err := u.Validate(); err != nil {
			return fieldsError(err)
		}
		password, err := readPassword(stdin, stdout)
		if err != nil {
			return err
		}
		np := domain.NewPassword{Password: password, Confirm: password, Username: u.Username, DisplayName: u.DisplayName, Field: "password"}
		if err := np.Validate(pwlist.Common()); err != nil {
			return fieldsError(err)
		}
		hash, err := auth.Hash(ctx, password)
		if err != nil {
			return err
		}
		return withDB(ctx, cfg, log, func(d *database) error {
			if _, err := d.migrate(ctx); err != nil {
				return err
			}
			pool, err := d.App(ctx)
			if err != nil {
				return err
			}
			actor := domain.Actor{Username: "cli:" + osUser(), Address: "local"}
			if err := store.New(pool).CreateUser(ctx, actor, u, hash); err != nil {
				return fieldsError(err)
			}
			fmt.Fprintf(stdout, "created account %q (id %d, role %s)\n", u.Username, u.ID, u.Role)
			return nil
		})
	case "list":
		return withDB(ctx, cfg, log, func(d *database) error {
			users, err := store.New(d.Owner).Users(ctx)
			if err != nil {
				return err
			}
			for _, u := range users {
				state := "active"
				if !u.Active {
					state = "inactive"
				}
				fmt.Fprintf(stdout, "%5d  %-20s %-13s %-8s %v\n", u.ID, u.Username, u.Role, state, u.UnitIDs)
			}
			return nil
		})
	}
	return fmt.Errorf("unknown user command %q", args[0])
}

func osUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return strconv.Itoa(os.Getuid())
}

// readPassword prompts twice on a terminal, or reads the first line of stdin.
func readPassword(stdin io.Reader, stdout io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stdout, "Password: ")
		p1, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stdout)
		if err != nil {
			return "", err
		}
		fmt.Fprint(stdout, "Repeat password: ")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stdout)
		if err != nil {
			return "", err
		}
		if string(p1) != string(p2) {
			return "", errors.New("the passwords differ")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// fieldsError spells out a validation error's field messages.
func fieldsError(err error) error {
	f := domain.FieldErrors(err)
	if len(f) == 0 {
		return err
	}
	var parts []string
	for k, v := range f {
		parts = append(parts, k+": "+v)
	}
	return errors.New(strings.Join(parts, "; "))
}
