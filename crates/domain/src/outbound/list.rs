//! List messages: a menu of up to ten rows in up to ten sections, opened by one button.

use super::interactive::{Frame, InteractiveHeader, unique};
use super::limits::{
    self, LIST_BODY_MAX, LIST_BUTTON_MAX, LIST_ROWS_MAX, LIST_SECTIONS_MAX, ROW_DESCRIPTION_MAX,
    ROW_ID_MAX, ROW_TITLE_MAX, SECTION_TITLE_MAX,
};
use crate::error::ValidationError;

/// One row of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRow {
    /// What comes back in `list_reply.id` (1 to 200 characters).
    pub id: String,
    /// The row's title (1 to 24 characters).
    pub title: String,
    /// An optional description (1 to 72 characters).
    pub description: Option<String>,
}

impl ListRow {
    /// Checks id (≤ 200), title (≤ 24) and description (≤ 72).
    pub fn new(id: &str, title: &str, description: Option<&str>) -> Result<Self, ValidationError> {
        Ok(Self {
            id: limits::required("interactive.action.sections.rows.id", id, ROW_ID_MAX)?,
            title: limits::required(
                "interactive.action.sections.rows.title",
                title,
                ROW_TITLE_MAX,
            )?,
            description: limits::optional(
                "interactive.action.sections.rows.description",
                description,
                ROW_DESCRIPTION_MAX,
            )?,
        })
    }
}

/// A titled group of rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListSection {
    /// The section title (≤ 24); required when the list has more than one section.
    pub title: Option<String>,
    /// Its rows (at least one).
    pub rows: Vec<ListRow>,
}

impl ListSection {
    /// Checks the title (≤ 24) and that there is at least one row.
    pub fn new(title: Option<&str>, rows: Vec<ListRow>) -> Result<Self, ValidationError> {
        let title = limits::optional(
            "interactive.action.sections.title",
            title,
            SECTION_TITLE_MAX,
        )?;
        limits::count(
            "interactive.action.sections.rows",
            rows.len(),
            1,
            LIST_ROWS_MAX,
        )?;
        Ok(Self { title, rows })
    }
}

/// A list message: body ≤ 4,096, a button label ≤ 20, 1 to 10 sections, at most 10 rows in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListMessage {
    frame: Frame,
    button: String,
    sections: Vec<ListSection>,
}

impl ListMessage {
    /// Checks every limit, that titled sections are used when there are several, and that row
    /// ids are unique. A list's header can only be text.
    pub fn new(
        body: &str,
        button: &str,
        sections: Vec<ListSection>,
        header: Option<&str>,
        footer: Option<&str>,
    ) -> Result<Self, ValidationError> {
        let header = header.map(InteractiveHeader::text).transpose()?;
        let frame = Frame::new(body, LIST_BODY_MAX, header, footer)?;
        let button = limits::required("interactive.action.button", button, LIST_BUTTON_MAX)?;
        limits::count(
            "interactive.action.sections",
            sections.len(),
            1,
            LIST_SECTIONS_MAX,
        )?;
        let rows: usize = sections.iter().map(|s| s.rows.len()).sum();
        if rows > LIST_ROWS_MAX {
            return Err(ValidationError::new(
                "interactive.action.sections.rows",
                format!("must have at most {LIST_ROWS_MAX} rows in total"),
            ));
        }
        if sections.len() > 1 && sections.iter().any(|s| s.title.is_none()) {
            return Err(ValidationError::new(
                "interactive.action.sections.title",
                "is required when there is more than one section",
            ));
        }
        unique(
            "interactive.action.sections.rows.id",
            sections.iter().flat_map(|s| s.rows.iter().map(|r| &r.id)),
        )?;
        Ok(Self {
            frame,
            button,
            sections,
        })
    }

    /// Body, header and footer.
    pub fn frame(&self) -> &Frame {
        &self.frame
    }

    /// The label of the button that opens the list.
    pub fn button(&self) -> &str {
        &self.button
    }

    /// The sections, in order.
    pub fn sections(&self) -> &[ListSection] {
        &self.sections
    }
}
