//! The clock of a build: how long each stage took, printed by `--timings`.

/// How long each stage of a build took, for `--timings`.
#[derive(Debug, Clone)]
pub struct Timings {
    last: std::time::Instant,
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            last: std::time::Instant::now(),
            stages: Vec::new(),
        }
    }
}

impl Timings {
    /// Ends the stage `name`, started when the previous one ended.
    pub fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.stages.push((name, now - self.last));
        self.last = now;
    }
}

impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total: std::time::Duration = self.stages.iter().map(|(_, d)| *d).sum();
        for (name, d) in &self.stages {
            writeln!(f, "{:>8.1} ms  {name}", d.as_secs_f64() * 1000.0)?;
        }
        write!(f, "{:>8.1} ms  total", total.as_secs_f64() * 1000.0)
    }
}
