# shellcheck shell=bash
# faultbed scenario 6a (sourced by tools/faultbed, which runs it in its own directory).

scenario s6_append "6a source grows during its copy: that file fails, source kept"
s6_append() { change_during_copy append; }
