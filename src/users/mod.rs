//! Sample users: the Braze user objects previews render for. Imports from CSV live here (JSON
//! imports read the `/users/export/ids` shape directly).

pub mod csv;
