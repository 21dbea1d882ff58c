-- The reader queries every search benchmark asks (words, phrases, filters, a typo, broken
-- syntax); loaded by bench/search.lua and bench/searchers.lua, run from the repository root.
return {
  "q=funding", "q=bishop", "q=storm%20power%20cuts", "q=%22local%20libraries%22",
  "q=mortgage%20rates&sort=date", "q=asylum&section=world", "q=clergy&section=church",
  "q=casualties", "q=ftse%20gas", "q=goverment", "q=headteacher&sort=date",
  "q=council%20votes", "q=heat-related%20deaths", "q=aid%20agencies", "q=%28%28broken",
  "q=jobs&from=2020-01-01", "q=diocese", "q=interfaith", "q=families%20help", "q=odesa",
}
