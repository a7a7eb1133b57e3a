//! Platform profit sharing (/v3/ecommerce/profitsharing/*).
