"""Project configuration: discovery upward, precedence (CLI wins), errors, `config` command."""

from collect_lint.config import load_config


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_pyproject_table_is_found_upward_from_checked_path(tmp_path):
    _write(tmp_path / "pyproject.toml", '[tool.collect-lint]\nignore = ["CL-I001"]\n')
    target = _write(tmp_path / "a" / "b" / "sms.txt", "您好\n")
    loaded = load_config([str(target)])
    assert loaded.config.ignore == ("CL-I001",)
    assert loaded.origin("ignore").endswith("pyproject.toml [tool.collect-lint]")


def test_pyproject_without_table_is_skipped_for_collect_lint_toml_above(tmp_path):
    _write(tmp_path / "collect-lint.toml", 'fail-on = "error"\n')
    _write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    loaded = load_config([str(tmp_path / "sub")])
    assert loaded.config.fail_on.value == "error"


def test_dot_file_wins_over_plain_name_in_the_same_directory(tmp_path):
    _write(tmp_path / "collect-lint.toml", 'fail-on = "error"\n')
    _write(tmp_path / ".collect-lint.toml", 'fail-on = "info"\n')
    assert load_config([str(tmp_path)]).config.fail_on.value == "info"


def test_ignored_rule_in_config_is_not_reported(cli, tmp_path):
    _write(tmp_path / "collect-lint.toml", 'ignore = ["insult"]\n')
    target = _write(tmp_path / "s.txt", "你这个老赖\n")
    assert cli(["check", str(target)]).exit_code == 0


def test_cli_select_wins_over_config(cli, tmp_path):
    _write(tmp_path / "collect-lint.toml", 'select = ["threat"]\n')
    target = _write(tmp_path / "s.txt", "你这个老赖\n")
    assert cli(["check", str(target)]).exit_code == 0
    assert "CL-I001" in cli(["check", "--select", "insult", str(target)]).output


def test_per_file_ignores_match_relative_glob(cli, tmp_path):
    _write(tmp_path / "collect-lint.toml", '[per-file-ignores]\n"training/*.txt" = ["CL-I001"]\n')
    training = _write(tmp_path / "training" / "s.txt", "你这个老赖\n")
    live = _write(tmp_path / "live" / "s.txt", "你这个老赖\n")
    assert cli(["check", str(training)]).exit_code == 0
    assert cli(["check", str(live)]).exit_code == 1


def test_severity_override_and_fail_on_from_config(cli, tmp_path):
    _write(tmp_path / "collect-lint.toml", 'fail-on = "error"\n[severity]\nCL-I001 = "warning"\n')
    target = _write(tmp_path / "s.txt", "你这个老赖\n")
    result = cli(["check", str(target)])
    assert "[warning]" in result.output and result.exit_code == 0


def test_allowed_words_from_config(cli, tmp_path):
    _write(tmp_path / "collect-lint.toml", 'allowed-words = ["老赖皮鞋"]\n')
    target = _write(tmp_path / "s.txt", "这双老赖皮鞋很结实\n")
    assert cli(["check", "--select", "CL-I001", str(target)]).exit_code == 0


def test_template_fields_from_config(cli, tmp_path):
    _write(tmp_path / "collect-lint.toml", 'template-fields = ["msg"]\n')
    target = _write(tmp_path / "t.json", '[{"id": "a1", "msg": "你这个老赖", "note": "老赖"}]')
    result = cli(["check", "--format", "json", str(target)])
    assert result.output.count('"template_id": "a1"') == 1


def test_unknown_key_is_an_error_naming_file_and_key(cli, tmp_path):
    config = _write(tmp_path / "collect-lint.toml", 'selct = ["threat"]\n')
    result = cli(["check", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{config}: unknown key 'selct'" in result.output


def test_bad_value_is_an_error_naming_key(cli, tmp_path):
    _write(tmp_path / "pyproject.toml", '[tool.collect-lint]\nfail-on = "fatal"\n')
    result = cli(["check", str(tmp_path)])
    assert result.exit_code == 2 and "key 'fail-on'" in result.output


def test_unknown_rule_in_config_is_an_error(cli, tmp_path):
    _write(tmp_path / "collect-lint.toml", 'ignore = ["CL-Z999"]\n')
    result = cli(["check", str(tmp_path)])
    assert result.exit_code == 2 and "key 'ignore': unknown rule or category 'CL-Z999'" in result.output


def test_transcript_settings_are_validated(cli, tmp_path):
    _write(tmp_path / "collect-lint.toml", '[transcripts]\ntimezone = "Mars/Base"\n')
    result = cli(["config", str(tmp_path)])
    assert result.exit_code == 2 and "key 'transcripts.timezone'" in result.output


def test_transcript_settings_are_carried(tmp_path):
    _write(tmp_path / "collect-lint.toml", '[transcripts]\ntimezone = "Asia/Shanghai"\nquiet-hours = "22:00-08:00"\nprofile = "cn"\nconnected-calls-per-day = 3\n')
    settings = load_config([str(tmp_path)]).config.transcripts
    assert (settings.timezone, settings.quiet_hours, settings.profile, settings.connected_calls_per_day) == ("Asia/Shanghai", "22:00-08:00", "cn", 3)


def test_config_command_shows_values_and_origins(cli, tmp_path):
    config = _write(tmp_path / "collect-lint.toml", 'ignore = ["CL-I001"]\n')
    result = cli(["config", str(tmp_path)])
    assert result.exit_code == 0
    assert f'ignore = ["CL-I001"]    # {config}' in result.output
    assert 'fail-on = "warning"    # default' in result.output


def test_malformed_per_file_ignores_glob_is_an_error_naming_it(cli, tmp_path):
    config = _write(tmp_path / "collect-lint.toml", '[per-file-ignores]\n"scripts/[ab.txt" = ["insult"]\n')
    result = cli(["check", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"collect-lint: error: {config}: key 'per-file-ignores': pattern 'scripts/[ab.txt': unclosed '[' at position 9"]


def test_absolute_per_file_ignores_glob_is_an_error(cli, tmp_path):
    _write(tmp_path / "collect-lint.toml", '[per-file-ignores]\n"/srv/scripts/*.txt" = ["insult"]\n')
    result = cli(["check", str(tmp_path)])
    assert result.exit_code == 2 and "absolute paths never match" in result.stderr


def test_per_file_ignores_glob_with_a_character_class_is_accepted(cli, tmp_path):
    _write(tmp_path / "collect-lint.toml", '[per-file-ignores]\n"[ab].txt" = ["insult"]\n')
    _write(tmp_path / "a.txt", "你这个老赖\n")
    assert cli(["check", str(tmp_path / "a.txt")]).exit_code == 0


def test_empty_ruleset_directory_is_an_error(cli, tmp_path):
    (tmp_path / "rules").mkdir()
    path = _write(tmp_path / "t.txt", "你这个老赖\n")
    result = cli(["check", "--ruleset", str(tmp_path / "rules"), str(path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"collect-lint: error: {tmp_path / 'rules'}: no ruleset files (*.toml) in this directory"]


def test_backtracking_placeholder_pattern_runs_in_linear_time(cli, tmp_path):
    # On a backtracking engine this line takes about 2**60 steps: the test would never end.
    import json

    from collect_lint.engine.placeholders import DEFAULT_PLACEHOLDER_PATTERNS

    patterns = ["(a+)+$", *DEFAULT_PLACEHOLDER_PATTERNS]
    _write(tmp_path / "collect-lint.toml", f"placeholder-patterns = {json.dumps(patterns)}\n")
    path = _write(tmp_path / "t.sms", "a" * 60 + "b，你这个老赖，{name}\n")
    result = cli(["check", "--format", "json", str(path)])
    assert [d["rule"] for d in json.loads(result.stdout)["diagnostics"]] == ["CL-I001"]


def test_placeholder_pattern_keeps_python_unicode_classes(tmp_path):
    from collect_lint.engine.placeholders import Placeholders

    masked, found = Placeholders([r"#\w+#", r"\$\{[^{}]+\}"]).mask("尊敬的#客户姓名#您好，请还款${金额}元")
    assert [p.name for p in found] == ["客户姓名", "金额"] and "#" not in masked


def test_look_around_in_placeholder_pattern_is_rejected_naming_file_and_key(cli, tmp_path):
    config = _write(tmp_path / "collect-lint.toml", "placeholder-patterns = ['(?<=x)#\\w+#']\n")
    result = cli(["check", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"collect-lint: error: {config}: key 'placeholder-patterns': regular expression '(?<=x)#\\\\w+#': look-ahead")
    assert len(result.stderr.splitlines()) == 1


def test_back_reference_in_placeholder_pattern_is_rejected(cli, tmp_path):
    _write(tmp_path / "collect-lint.toml", "placeholder-patterns = ['(#+)\\w+\\1']\n")
    result = cli(["check", str(tmp_path)])
    assert result.exit_code == 2 and "back-references are not supported" in result.stderr


def test_library_rejects_a_backtracking_only_placeholder_pattern():
    import pytest

    from collect_lint import Linter
    from collect_lint.engine.linear_regex import LinearRegexError

    with pytest.raises(LinearRegexError, match="look-ahead"):
        Linter(placeholder_patterns=[r"\{(?=\w)\w+\}"])


def test_unknown_rule_in_a_server_policy_is_an_error(cli, tmp_path):
    _write(tmp_path / "collect-lint.toml", '[server.policies.sms]\nselect = ["CL-Z999"]\n')
    result = cli(["config", str(tmp_path)])
    assert result.exit_code == 2 and "key 'server.policies.sms.select': unknown rule or category 'CL-Z999'" in result.output


def test_bad_verdict_is_an_error_naming_key(cli, tmp_path):
    _write(tmp_path / "collect-lint.toml", '[server]\nverdicts = { error = "reject" }\n')
    result = cli(["config", str(tmp_path)])
    assert result.exit_code == 2 and "key 'server.verdicts.error'" in result.output


def test_policy_select_replaces_the_top_level_select(tmp_path):
    _write(tmp_path / "collect-lint.toml", 'select = ["threat"]\nignore = ["CL-T001"]\n[server.policies.sms]\nselect = ["insult"]\n')
    config = load_config([str(tmp_path)]).config
    options = config.linter_options(config.policies()["sms"])
    assert (options["select"], options["ignore"]) == (("insult",), ("CL-T001",))


def test_default_policy_is_the_top_level_selection(tmp_path):
    _write(tmp_path / "collect-lint.toml", 'select = ["threat"]\n')
    config = load_config([str(tmp_path)]).config
    assert config.linter_options(config.policies()["default"])["select"] == ("threat",)


def test_policy_verdicts_merge_over_the_defaults(tmp_path):
    _write(tmp_path / "collect-lint.toml", '[server.policies.strict]\nverdicts = { warning = "block" }\n')
    config = load_config([str(tmp_path)]).config
    verdicts = config.verdicts(config.policies()["strict"])
    assert ({k.value: v for k, v in verdicts.items()}) == {"error": "block", "warning": "block", "info": "pass"}


def test_double_star_glob_matches_files_directly_in_the_directory(tmp_path):
    _write(tmp_path / "collect-lint.toml", '[per-file-ignores]\n"training/**/*.md" = ["insult"]\n')
    target = _write(tmp_path / "training" / "x.md", "你这个老赖\n")
    assert load_config([str(target)]).ignores_for(str(target)) == ("insult",)


def test_double_star_glob_matches_files_in_nested_directories(tmp_path):
    _write(tmp_path / "collect-lint.toml", '[per-file-ignores]\n"training/**/*.md" = ["insult"]\n')
    target = _write(tmp_path / "training" / "a" / "b" / "x.md", "你这个老赖\n")
    assert load_config([str(target)]).ignores_for(str(target)) == ("insult",)


def test_single_star_glob_stays_inside_one_directory(tmp_path):
    _write(tmp_path / "collect-lint.toml", '[per-file-ignores]\n"training/*.md" = ["insult"]\n')
    target = _write(tmp_path / "training" / "a" / "x.md", "你这个老赖\n")
    assert load_config([str(target)]).ignores_for(str(target)) == ()


def test_glob_without_slash_matches_the_file_name_in_any_directory(tmp_path):
    _write(tmp_path / "collect-lint.toml", '[per-file-ignores]\n"*.md" = ["insult"]\n')
    target = _write(tmp_path / "deep" / "er" / "x.md", "你这个老赖\n")
    assert load_config([str(target)]).ignores_for(str(target)) == ("insult",)


def test_negated_per_file_ignores_glob_is_a_config_error(cli, tmp_path):
    _write(tmp_path / "collect-lint.toml", '[per-file-ignores]\n"!training/*.md" = ["insult"]\n')
    result = cli(["check", str(_write(tmp_path / "s.txt", "您好\n"))])
    assert result.exit_code == 2 and "negated patterns are not supported" in result.stderr


def test_chinese_category_name_selects_the_category(cli, tmp_path):
    target = _write(tmp_path / "s.txt", "你这个老赖\n")
    assert "CL-I001" in cli(["check", "--isolated", "--select", "辱骂", str(target)]).output


def test_chinese_category_name_ignores_the_category(cli, tmp_path):
    target = _write(tmp_path / "s.txt", "你这个老赖\n")
    assert cli(["check", "--isolated", "--ignore", "辱骂", str(target)]).exit_code == 0


def test_both_chinese_names_of_deception_select_it():
    from collect_lint.rules.selectors import matches_selector

    assert matches_selector("欺诈", "CL-D001", "x", "deception") and matches_selector("虚假陈述", "CL-D001", "x", "deception")
