//! Where things live: data and config folders from `directories`, overridable by flags
//! and by `TILIK_DATA_DIR` / `TILIK_CONFIG_DIR` (tests always override).

use std::path::{Path, PathBuf};

/// Resolved folders.
#[derive(Debug, Clone)]
pub struct Dirs {
    pub data: PathBuf,
    pub config: PathBuf,
}

impl Dirs {
    /// Flag first, then environment, then the platform default.
    #[must_use]
    pub fn resolve(data: Option<&Path>, config: Option<&Path>) -> Dirs {
        let pd = directories::ProjectDirs::from("id", "Ombudsman", "tilik");
        let env = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let data = data
            .map(Path::to_path_buf)
            .or_else(|| env("TILIK_DATA_DIR"))
            .or_else(|| pd.as_ref().map(|p| p.data_dir().to_path_buf()))
            .unwrap_or_else(|| PathBuf::from(".tilik-data"));
        let config = config
            .map(Path::to_path_buf)
            .or_else(|| env("TILIK_CONFIG_DIR"))
            .or_else(|| pd.as_ref().map(|p| p.config_dir().to_path_buf()))
            .unwrap_or_else(|| PathBuf::from(".tilik-config"));
        Dirs { data, config }
    }

    /// The sled store folder inside the data folder.
    #[must_use]
    pub fn store(&self) -> PathBuf {
        self.data.join("store")
    }

    /// Folder of instrument overrides.
    #[must_use]
    pub fn instruments(&self) -> PathBuf {
        self.config.join("instruments")
    }
}
