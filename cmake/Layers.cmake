# The layers, enforced: support <- parsers <- analyzer <- rules <- {cli, lsp}, report <- analyzer.
# Every header is included from the project root ("analyzer/driver.h"), so the include path alone
# would let any directory use any other. lint_enforce_layers() closes that hole: a source file of a
# directory may include headers of its own directory and of the directories whose libraries its
# target links (directly, or through their PUBLIC dependencies), nothing else. It runs at configure
# time (a violation stops the configure) and as the `layers` test (an include added later fails
# ctest); the engine therefore cannot include rules/ (the rule list is passed to it).

# Our library → its directory (a directory may hold several libraries).
set(LINT_LAYER_TARGETS
  lint_support=support lint_data=data lint_parsers=parsers lint_hcl=parsers lint_analyzer=analyzer
  lint_rules=rules lint_report=report lint_lsp=lsp lambdalint=cli)

function(_lint_layer_dir target out)
  set(dir "")
  foreach(pair IN LISTS LINT_LAYER_TARGETS)
    string(REPLACE "=" ";" parts "${pair}")
    list(GET parts 0 name)
    list(GET parts 1 directory)
    if(name STREQUAL target)
      set(dir "${directory}")
    endif()
  endforeach()
  set(${out} "${dir}" PARENT_SCOPE)
endfunction()

# Directories a target may include from: its own and those of everything it links, transitively
# through INTERFACE_LINK_LIBRARIES ($<LINK_ONLY:...> entries are private: not followed).
function(_lint_layer_reach target out)
  set(reach "")
  set(pending "${target}")
  set(seen "")
  set(first TRUE)
  list(LENGTH pending count)
  while(count GREATER 0)
    list(POP_FRONT pending current)
    list(LENGTH pending count)
    if(current IN_LIST seen OR NOT TARGET "${current}")
      continue()
    endif()
    list(APPEND seen "${current}")
    _lint_layer_dir("${current}" dir)
    if(dir)
      list(APPEND reach "${dir}")
    endif()
    get_target_property(links "${current}" INTERFACE_LINK_LIBRARIES)
    if(first)
      get_target_property(links "${current}" LINK_LIBRARIES) # the target's own private links too
      set(first FALSE)
    endif()
    foreach(link IN LISTS links)
      if(link AND NOT link MATCHES "^\\$<")
        list(APPEND pending "${link}")
      endif()
    endforeach()
    list(LENGTH pending count)
  endwhile()
  list(REMOVE_DUPLICATES reach)
  set(${out} "${reach}" PARENT_SCOPE)
endfunction()

function(lint_enforce_layers)
  set(table "")
  set(directories "")
  foreach(pair IN LISTS LINT_LAYER_TARGETS)
    string(REPLACE "=" ";" parts "${pair}")
    list(GET parts 0 name)
    list(GET parts 1 directory)
    _lint_layer_reach("${name}" reach)
    list(APPEND directories "${directory}")
    string(REPLACE ";" "," reach_text "${reach}")
    string(APPEND table "${directory}=${reach_text}\n")
  endforeach()
  set(table_file "${CMAKE_BINARY_DIR}/lint_layers.txt")
  file(WRITE "${table_file}" "${table}")
  execute_process(COMMAND "${CMAKE_COMMAND}" -DLINT_LAYERS_TABLE=${table_file} -DLINT_SOURCE_DIR=${PROJECT_SOURCE_DIR}
                          -P "${PROJECT_SOURCE_DIR}/cmake/CheckLayers.cmake"
                  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "layering violated (cmake/Layers.cmake):\n${output}")
  endif()
endfunction()
