# The program's translations. Included from app/platform/CMakeLists.txt, so the compiled .qm files
# become resources of studio_platform (:/translations/dashscope-studio_<language>.qm), which both the
# window and the command line link. The .qm files are build output: never commit them.
#
#   ninja update_translations   refresh the .ts files from app/ and ui/ (then translate in Linguist)
#
# dashscope-studio_en.ts holds only the plural forms ("%n task(s)"): English is the source language.
set(studio_translations_dir "${PROJECT_SOURCE_DIR}/resources/translations")
set(studio_ts_source "${studio_translations_dir}/dashscope-studio_en.ts")
set(studio_ts_files "${studio_ts_source}" "${studio_translations_dir}/dashscope-studio_zh_CN.ts")

qt_add_lrelease(studio_platform
    TS_FILES ${studio_ts_files}
    OPTIONS -silent
    QM_FILES_OUTPUT_VARIABLE studio_qm_files)
qt_add_resources(studio_platform "translations"
    PREFIX "/translations"
    BASE "${CMAKE_CURRENT_BINARY_DIR}"
    FILES ${studio_qm_files})

# The same scan as tests/tst_translations.cpp: every source and form under app/ and ui/.
set(studio_lupdate_scan
    -I app
    -locations relative -no-obsolete
    app ui)
add_custom_target(update_translations
    COMMAND Qt6::lupdate ${studio_lupdate_scan} -ts "${studio_translations_dir}/dashscope-studio_zh_CN.ts"
    COMMAND Qt6::lupdate ${studio_lupdate_scan} -pluralonly -ts "${studio_ts_source}"
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    COMMENT "Updating resources/translations/*.ts from the sources"
    VERBATIM)
