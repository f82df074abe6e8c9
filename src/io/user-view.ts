// The declared JSON of the `user` verbs (README "JSON output"): camelCase, times ISO-8601 UTC, built here from what
// the domain returns, never a users row printed as it is (a migration must not change what scripts read).
import type { listUsers } from "../db/users.js";
import { isoTime } from "./json-output.js";

type UserListRow = Awaited<ReturnType<typeof listUsers>>[number];

/** `user whoami --json`: the acting user and where the journal is. */
export interface WhoamiJson {
  id: number;
  username: string;
  timezone: string;
  isSuperuser: boolean;
  location: string;
}

export function whoamiJson(
  user: { id: number; username: string; timezone: string; isSuperuser: boolean },
  location: string,
): WhoamiJson {
  return {
    id: user.id,
    username: user.username,
    timezone: user.timezone,
    isSuperuser: user.isSuperuser,
    location,
  };
}

/** One user in `user list --json`. */
export interface ListedUserJson {
  id: number;
  username: string;
  email: string;
  fullName: string | null;
  isActive: boolean;
  isSuperuser: boolean;
  emailVerified: boolean;
  createdAt: string | null;
  lastLogin: string | null;
}

export function listedUserJson(row: UserListRow): ListedUserJson {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    fullName: row.full_name,
    isActive: row.is_active === true,
    isSuperuser: row.is_superuser === true,
    emailVerified: row.email_verified === true,
    createdAt: isoTime(row.created_at),
    lastLogin: isoTime(row.last_login),
  };
}
