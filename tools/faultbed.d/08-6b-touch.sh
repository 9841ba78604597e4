# shellcheck shell=bash
# faultbed scenario 6b (sourced by tools/faultbed, which runs it in its own directory).

scenario s6_touch "6b source mtime changes during its copy: that file fails, source kept"
s6_touch() { change_during_copy touch; }
