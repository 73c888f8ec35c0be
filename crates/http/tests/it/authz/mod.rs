//! The authorisation matrix: every route × every role × own account / foreign account, and
//! every authenticated route × no token / expired token / forged token. A route missing from
//! the table fails `every_route_is_in_the_matrix`.

mod cells;
mod endpoints;
mod world;
