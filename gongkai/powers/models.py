"""权责清单 and 公共服务事项清单 of each organ."""
