//! Payscore service orders for acquiring institutions (/v3/payscore/acquiringbank/*).
